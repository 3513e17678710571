package dev.flotilla.manager.scheduling;

/** Hard filter: a migrating VM goes to another host than the one it runs on. */
final class MigrationFilter implements HostFilter {

    static final String NAME = "Migration";

    public String name() {
        return NAME;
    }

    public Verdict check(VmDemand vm, HostCandidate host, ClusterPolicy policy) {
        return host.id().equals(vm.currentHostId()) ? Verdict.rejected("the VM runs on this host already") : Verdict.fits();
    }
}
