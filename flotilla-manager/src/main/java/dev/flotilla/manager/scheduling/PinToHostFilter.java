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
        return vm.pinnedHostIds().isEmpty() || vm.pinnedHostIds().contains(host.id()) ? Verdict.fits()
                : Verdict.rejected("the VM is pinned to %d other host(s)".formatted(vm.pinnedHostIds().size()));
    }
}
