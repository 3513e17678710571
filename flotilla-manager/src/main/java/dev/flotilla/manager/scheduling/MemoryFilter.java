package dev.flotilla.manager.scheduling;

/** Hard filter: the host must have room for the VM's memory after the cluster's overcommit. */
final class MemoryFilter implements HostFilter {

    static final String NAME = "Memory";

    public String name() {
        return NAME;
    }

    public String description() {
        return "The host has room for the VM's memory under the cluster's memory overcommit";
    }

    public Verdict check(VmDemand vm, HostCandidate host, ClusterSnapshot cluster) {
        ClusterPolicy policy = cluster.policy();
        long room = host.freeMemoryMiB(policy.memoryOvercommitPercent());
        return vm.memoryMiB() <= room ? Verdict.fits()
                : Verdict.rejected("needs %d MiB, %d MiB free".formatted(vm.memoryMiB(), Math.max(0, room)));
    }
}
