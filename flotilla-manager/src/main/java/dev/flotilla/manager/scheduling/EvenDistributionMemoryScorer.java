package dev.flotilla.manager.scheduling;

/** Score: the host with the most free memory wins, which spreads VMs evenly by memory. */
final class EvenDistributionMemoryScorer implements HostScorer {

    static final String NAME = "EvenDistributionMemory";

    public String name() {
        return NAME;
    }

    public double score(VmDemand vm, HostCandidate host, ClusterPolicy policy) {
        return host.freeMemoryMiB(policy.memoryOvercommitPercent()) - vm.memoryMiB();
    }
}
