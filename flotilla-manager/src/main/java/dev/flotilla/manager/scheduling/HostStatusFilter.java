package dev.flotilla.manager.scheduling;

/** Hard filter: only an Up host takes new VMs. */
final class HostStatusFilter implements HostFilter {

    static final String NAME = "HostStatus";

    public String name() {
        return NAME;
    }

    public String description() {
        return "Only an Up host whose agent is connected takes VMs";
    }

    public Verdict check(VmDemand vm, HostCandidate host, ClusterSnapshot cluster) {
        return host.acceptsVms() ? Verdict.fits() : Verdict.rejected("host is " + host.status() + ", not Up");
    }
}
