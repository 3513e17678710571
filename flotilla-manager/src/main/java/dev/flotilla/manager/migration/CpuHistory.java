package dev.flotilla.manager.migration;

import dev.flotilla.manager.scheduling.CpuSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each host's CPU load as the balancing loop saw it, for the last {@code keep} (longer than any
 * CpuOverCommitDurationMinutes a policy may ask for): "over HighUtilization for two minutes" needs
 * the samples of those two minutes, and the manager keeps only the latest heartbeat's figures.
 */
final class CpuHistory {

    private final Duration keep;
    private final Map<UUID, Deque<CpuSample>> byHost = new ConcurrentHashMap<>();

    CpuHistory(Duration keep) {
        this.keep = keep;
    }

    void record(UUID hostId, Instant at, double percent) {
        Deque<CpuSample> samples = byHost.computeIfAbsent(hostId, id -> new ArrayDeque<>());
        synchronized (samples) {
            samples.addLast(new CpuSample(at, percent));
            while (!samples.isEmpty() && samples.peekFirst().at().isBefore(at.minus(keep))) {
                samples.removeFirst();
            }
        }
    }

    /** A host that stopped reporting (deleted, down) loses its history: an old spike must not move VMs later. */
    void forget(UUID hostId) {
        byHost.remove(hostId);
    }

    Map<UUID, List<CpuSample>> of(Collection<UUID> hostIds) {
        Map<UUID, List<CpuSample>> out = new HashMap<>();
        for (UUID id : hostIds) {
            Deque<CpuSample> samples = byHost.get(id);
            if (samples != null) {
                synchronized (samples) {
                    out.put(id, List.copyOf(samples));
                }
            }
        }
        return out;
    }
}
