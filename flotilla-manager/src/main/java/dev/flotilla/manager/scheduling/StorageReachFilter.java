package dev.flotilla.manager.scheduling;

/** Hard filter: the host must reach every disk of the VM (a disk on a local domain pins the VM to that domain's host). */
final class StorageReachFilter implements HostFilter {

    static final String NAME = "StorageReach";

    public String name() {
        return NAME;
    }

    public String description() {
        return "The host must reach the storage of every disk of the VM (a local domain is reached by its one host only)";
    }

    public Verdict check(VmDemand vm, HostCandidate host, ClusterSnapshot cluster) {
        HostReach reach = vm.reach();
        return reach == null || reach.reaches(host.id()) ? Verdict.fits() : Verdict.rejected("cannot reach the VM's storage: " + reach.why());
    }
}
