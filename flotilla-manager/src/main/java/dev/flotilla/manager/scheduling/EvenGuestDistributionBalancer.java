package dev.flotilla.manager.scheduling;

import java.util.Comparator;
import java.util.Optional;

/**
 * Balance for vm_evenly_distributed: the most crowded host, when it runs more than HighVmCount
 * VMs and at least MigrationThreshold more than the least crowded Up host, gives a VM to a host
 * with at least two fewer (so the move narrows the spread instead of swapping it).
 */
final class EvenGuestDistributionBalancer implements HostBalancer {

    static final String NAME = "OptimalForEvenGuestDistribution";

    public String name() {
        return NAME;
    }

    public String description() {
        return "Moves a VM off a host running more than HighVmCount VMs and MigrationThreshold more than the least crowded host";
    }

    public Optional<BalanceDecision> balance(ClusterSnapshot cluster, BalanceInput input, Scheduler scheduler) {
        ClusterPolicy policy = cluster.policy();
        int highCount = policy.parameter(SchedulingPolicy.HIGH_VM_COUNT);
        int threshold = policy.parameter(SchedulingPolicy.MIGRATION_THRESHOLD);
        int fewest = cluster.hosts().stream().filter(HostCandidate::acceptsVms).mapToInt(HostCandidate::vmCount).min().orElse(0);
        return cluster.hosts().stream()
                .filter(h -> h.acceptsVms() && h.vmCount() > highCount && h.vmCount() - fewest >= threshold)
                .sorted(Comparator.comparingInt(HostCandidate::vmCount).reversed().thenComparing(HostCandidate::name))
                .flatMap(from -> MoveFinder.firstMovable(NAME, from, cluster, input, scheduler,
                        (vm, to) -> to.vmCount() + 1 < from.vmCount(),
                        "host %s runs %d VMs, over HighVmCount %d and %d more than the least crowded host"
                                .formatted(from.name(), from.vmCount(), highCount, from.vmCount() - fewest)).stream())
                .findFirst();
    }
}
