package dev.flotilla.manager.scheduling;

import java.util.Comparator;
import java.util.Optional;

/**
 * Balance for evenly_distributed: the host whose CPU has stayed over HighUtilization for
 * CpuOverCommitDurationMinutes (the busiest first) gives its cheapest VM to a host that stays
 * under HighUtilization with it.
 */
final class EvenDistributionBalancer implements HostBalancer {

    static final String NAME = "OptimalForEvenDistribution";

    public String name() {
        return NAME;
    }

    public String description() {
        return "Moves a VM off a host whose CPU stayed over HighUtilization for CpuOverCommitDurationMinutes";
    }

    public Optional<BalanceDecision> balance(ClusterSnapshot cluster, BalanceInput input, Scheduler scheduler) {
        return relieveOverUtilized(NAME, cluster, input, scheduler);
    }

    /** Shared with power saving, which relieves over-utilized hosts first as well. */
    static Optional<BalanceDecision> relieveOverUtilized(String balancer, ClusterSnapshot cluster, BalanceInput input, Scheduler scheduler) {
        ClusterPolicy policy = cluster.policy();
        int high = policy.parameter(SchedulingPolicy.HIGH_UTILIZATION);
        int minutes = policy.parameter(SchedulingPolicy.CPU_OVERCOMMIT_DURATION_MINUTES);
        return cluster.hosts().stream()
                .filter(h -> h.acceptsVms() && input.sustained(h.id(), minutes, p -> p > high))
                .sorted(Comparator.comparingDouble(HostCandidate::cpuLoadPercent).reversed().thenComparing(HostCandidate::name))
                .flatMap(from -> MoveFinder.firstMovable(balancer, from, cluster, input, scheduler,
                        (vm, to) -> to.cpuUse(vm.cpus()) * 100 <= high && !input.sustained(to.id(), minutes, p -> p > high),
                        "host %s has had its CPU over %d%% for %d minute(s) (now %.0f%%)"
                                .formatted(from.name(), high, minutes, from.cpuLoadPercent())).stream())
                .findFirst();
    }
}
