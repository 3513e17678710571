package dev.flotilla.manager.scheduling;

/** Score: the host running the fewest VMs wins; 1 for an empty host, falling as VMs are added. */
final class EvenGuestDistributionScorer implements HostScorer {

    static final String NAME = "EvenGuestDistribution";

    public String name() {
        return NAME;
    }

    public String description() {
        return "Prefers the host running the fewest VMs";
    }

    public double score(VmDemand vm, HostCandidate host, ClusterSnapshot cluster) {
        return 1.0 / (1 + host.vmCount());
    }
}
