package dev.flotilla.manager.scheduling;

/** Score: the host with the largest share of its schedulable memory still free after the VM wins, which spreads VMs evenly by memory. */
final class EvenDistributionMemoryScorer implements HostScorer {

    static final String NAME = "EvenDistributionMemory";

    public String name() {
        return NAME;
    }

    public String description() {
        return "Prefers the host with the largest share of memory free";
    }

    public double score(VmDemand vm, HostCandidate host, ClusterSnapshot cluster) {
        long schedulable = host.schedulableMemoryMiB(cluster.policy().memoryOvercommitPercent());
        if (schedulable <= 0) {
            return 0;
        }
        double free = (double) (schedulable - host.committedMemoryMiB() - vm.memoryMiB()) / schedulable;
        return Math.max(0, Math.min(1, free));
    }
}
