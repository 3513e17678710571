package dev.flotilla.manager.scheduling;

/** Hard filter: only an Up host takes new VMs. */
final class HostStatusFilter implements HostFilter {

    static final String NAME = "HostStatus";

    public String name() {
        return NAME;
    }

    public Verdict check(VmDemand vm, HostCandidate host, ClusterPolicy policy) {
        return host.acceptsVms() ? Verdict.fits() : Verdict.rejected("host is " + host.status() + ", not Up");
    }
}
