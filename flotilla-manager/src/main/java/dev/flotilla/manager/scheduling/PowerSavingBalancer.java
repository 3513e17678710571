package dev.flotilla.manager.scheduling;

import java.util.Comparator;
import java.util.Optional;

/**
 * Balance for power_saving: first relieve hosts over HighUtilization as evenly_distributed does;
 * then empty the least busy host that stayed under LowUtilization for CpuOverCommitDurationMinutes,
 * one VM at a time, onto hosts that are not under-utilized themselves and stay under
 * HighUtilization, so that the emptied host can be switched off.
 */
public final class PowerSavingBalancer implements HostBalancer {

    public static final String NAME = "OptimalForPowerSaving";

    public String name() {
        return NAME;
    }

    public String description() {
        return "Relieves hosts over HighUtilization, then empties hosts under LowUtilization onto busier ones";
    }

    public Optional<BalanceDecision> balance(ClusterSnapshot cluster, BalanceInput input, Scheduler scheduler) {
        Optional<BalanceDecision> over = EvenDistributionBalancer.relieveOverUtilized(NAME, cluster, input, scheduler);
        if (over.isPresent()) {
            return over;
        }
        ClusterPolicy policy = cluster.policy();
        int high = policy.parameter(SchedulingPolicy.HIGH_UTILIZATION);
        int low = policy.parameter(SchedulingPolicy.LOW_UTILIZATION);
        int minutes = policy.parameter(SchedulingPolicy.CPU_OVERCOMMIT_DURATION_MINUTES);
        return cluster.hosts().stream()
                .filter(h -> h.acceptsVms() && h.vmCount() > 0 && input.sustained(h.id(), minutes, p -> p < low))
                .sorted(Comparator.comparingDouble(HostCandidate::cpuLoadPercent).thenComparing(HostCandidate::vmCount)
                        .thenComparing(HostCandidate::name))
                .flatMap(from -> MoveFinder.firstMovable(NAME, from, cluster, input, scheduler,
                        (vm, to) -> to.vmCount() > 0 && to.cpuLoadPercent() >= low && to.cpuUse(vm.cpus()) * 100 <= high,
                        "host %s has had its CPU under %d%% for %d minute(s) (now %.0f%%): emptying it to save power"
                                .formatted(from.name(), low, minutes, from.cpuLoadPercent())).stream())
                .findFirst();
    }
}
