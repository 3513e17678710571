package dev.flotilla.manager.scheduling;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What balancing needs besides the snapshot: the VMs running in the cluster (with
 * {@code currentHostId} set), each host's recent CPU samples (any order), the VMs moved lately
 * (never picked again: the caller's hysteresis) and the time now.
 */
public record BalanceInput(List<VmDemand> runningVms, Map<UUID, List<CpuSample>> cpuHistory, Set<UUID> recentlyMoved, Instant now) {

    public BalanceInput {
        runningVms = List.copyOf(runningVms);
        cpuHistory = Map.copyOf(cpuHistory);
        recentlyMoved = Set.copyOf(recentlyMoved);
    }

    /**
     * True when every sample of the last {@code minutes} satisfies {@code test} and the history
     * reaches back that far (the sample at or before the window's start counts as well): the
     * state has lasted the whole window, not just the latest heartbeat.
     */
    public boolean sustained(UUID hostId, int minutes, java.util.function.DoublePredicate test) {
        List<CpuSample> samples = cpuHistory.getOrDefault(hostId, List.of());
        Instant start = now.minusSeconds(60L * minutes);
        CpuSample before = null;
        boolean any = false;
        for (CpuSample s : samples) {
            if (s.at().isAfter(now)) {
                continue;
            }
            if (s.at().isAfter(start)) {
                if (!test.test(s.percent())) {
                    return false;
                }
                any = true;
            } else if (before == null || s.at().isAfter(before.at())) {
                before = s;
            }
        }
        return before != null && test.test(before.percent()) && (any || !before.at().isBefore(start));
    }

    public List<VmDemand> vmsOn(UUID hostId) {
        return runningVms.stream().filter(v -> hostId.equals(v.currentHostId())).toList();
    }
}
