package dev.flotilla.manager.scheduling;

/** Hard filter: a VM pinned to hosts runs only on one of them. */
final class PinToHostFilter implements HostFilter {

    static final String NAME = "PinToHost";

    public String name() {
        return NAME;
    }

    public String description() {
        return "A VM pinned to hosts runs only on one of them";
    }

    public Verdict check(VmDemand vm, HostCandidate host, ClusterSnapshot cluster) {
        java.util.Set<java.util.UUID> pins = cluster.pinsOf(vm);
        return pins.isEmpty() || pins.contains(host.id()) ? Verdict.fits()
                : Verdict.rejected("the VM is pinned to %d other host(s)".formatted(pins.size()));
    }
}
