package dev.flotilla.manager.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The recent stats of every host and VM: one {@link StatsRing} each, sized so it holds
 * {@code flotilla.metrics.history} at one sample per {@code flotilla.metrics.sample-interval}
 * (30 minutes at 10 s: 180 samples, a few KiB per object).
 */
@Component
public class StatsHistory {

    private final int capacity;
    private final Duration window;
    private final Map<UUID, StatsRing<HostSample>> hosts = new ConcurrentHashMap<>();
    private final Map<UUID, StatsRing<VmSample>> vms = new ConcurrentHashMap<>();

    StatsHistory(@Value("${flotilla.metrics.history:PT30M}") Duration window,
                 @Value("${flotilla.metrics.sample-interval:PT10S}") Duration interval) {
        this.window = window;
        this.capacity = (int) Math.max(1, window.toMillis() / interval.toMillis());
    }

    public List<HostSample> host(UUID hostId) {
        StatsRing<HostSample> ring = hosts.get(hostId);
        return ring == null ? List.of() : ring.toList();
    }

    public List<VmSample> vm(UUID vmId) {
        StatsRing<VmSample> ring = vms.get(vmId);
        return ring == null ? List.of() : ring.toList();
    }

    /** Records a host sample unless it is the same heartbeat as the last one (a silent host adds nothing). */
    void recordHost(UUID hostId, HostSample s) {
        StatsRing<HostSample> ring = hosts.computeIfAbsent(hostId, id -> new StatsRing<>(capacity));
        HostSample last = ring.newest();
        if (last == null || s.time().isAfter(last.time())) {
            ring.add(s);
        }
    }

    void recordVm(UUID vmId, VmSample s) {
        vms.computeIfAbsent(vmId, id -> new StatsRing<>(capacity)).add(s);
    }

    /** Hosts are few and all listed each tick, so a deleted host is simply one no longer listed. */
    void retainHosts(Set<UUID> existing) {
        hosts.keySet().retainAll(existing);
    }

    boolean hasVm(UUID vmId) {
        return vms.containsKey(vmId);
    }

    void forgetVm(UUID vmId) {
        vms.remove(vmId);
    }

    /**
     * Drops VMs that stopped reporting (Down, or their host is silent) once their newest sample has
     * left the window: the chart would be empty anyway.
     */
    void forgetQuietVms(Set<UUID> reporting, Instant now) {
        Instant cutoff = now.minus(window);
        vms.entrySet().removeIf(e -> !reporting.contains(e.getKey())
                && (e.getValue().newest() == null || e.getValue().newest().time().isBefore(cutoff)));
    }

    int capacity() {
        return capacity;
    }
}
