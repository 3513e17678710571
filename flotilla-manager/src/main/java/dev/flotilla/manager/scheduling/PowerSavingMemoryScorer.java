package dev.flotilla.manager.scheduling;

/** Score: packs VMs on the host with the most memory in use that stays under HighUtilization percent of its memory with the VM; a host pushed over it scores 0, below any host under it (an empty host scores at least 0.5), so that the other resource cannot pull a VM onto an over-utilized host. */
final class PowerSavingMemoryScorer implements HostScorer {

    static final String NAME = "PowerSavingMemory";

    public String name() {
        return NAME;
    }

    public String description() {
        return "Prefers the host with the most memory in use that stays under HighUtilization";
    }

    public double score(VmDemand vm, HostCandidate host, ClusterSnapshot cluster) {
        return PowerSavingCpuScorer.packing(host.memoryUse(vm.memoryMiB()), cluster.policy());
    }
}
