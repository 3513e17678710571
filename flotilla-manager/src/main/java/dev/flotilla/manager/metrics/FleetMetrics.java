package dev.flotilla.manager.metrics;

import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostPresence;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.host.HostStatus;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The fleet as Prometheus series. Counts by status ({@code flotilla_hosts}, {@code flotilla_vms})
 * and {@code flotilla_agent_sessions} are read from the database when scraped, at most once per
 * {@link #FRESH}, so several scrapers cost one set of queries. Every status is always present (0
 * when none) so a query like {@code flotilla_vms{status="Unknown"} > 0} has a series to alert on.
 * Per-object gauges carry the sampler's latest values and lose their rows when the object stops
 * reporting, so a deleted VM does not linger as a flat line.
 */
@Component
class FleetMetrics {

    private static final Logger log = LoggerFactory.getLogger(FleetMetrics.class);
    private static final Duration FRESH = Duration.ofSeconds(5);

    record Counts(Instant at, Map<HostStatus, Long> hosts, Map<VmStatus, Long> vms, long sessions) {
    }

    /** Latest values of one host or VM, by name: names are unique and what a dashboard shows. */
    record HostValues(String host, double cpuPercent, long memoryUsedMiB) {
    }

    record VmValues(String vm, double cpuPercent, long memoryRssMiB) {
    }

    private final HostRepository hosts;
    private final HostPresence presence;
    private final VmRepository vms;
    private final Clock clock;
    private final MultiGauge hostCpu;
    private final MultiGauge hostMemory;
    private final MultiGauge vmCpu;
    private final MultiGauge vmMemory;
    private Counts counts;

    FleetMetrics(MeterRegistry registry, HostRepository hosts, HostPresence presence, VmRepository vms, Clock clock) {
        this.hosts = hosts;
        this.presence = presence;
        this.vms = vms;
        this.clock = clock;
        for (HostStatus s : HostStatus.values()) {
            Gauge.builder("flotilla.hosts", this, m -> m.counts().hosts().get(s)).tag("status", s.name())
                    .description("Hosts in each status").register(registry);
        }
        for (VmStatus s : VmStatus.values()) {
            Gauge.builder("flotilla.vms", this, m -> m.counts().vms().get(s)).tag("status", s.name())
                    .description("VMs in each status").register(registry);
        }
        Gauge.builder("flotilla.agent.sessions", this, m -> m.counts().sessions())
                .description("Hosts whose agent holds an open stream to this manager").register(registry);
        hostCpu = MultiGauge.builder("flotilla.host.cpu.percent").description("Host CPU use at its last heartbeat").register(registry);
        hostMemory = MultiGauge.builder("flotilla.host.memory.used.mib").description("Host memory in use at its last heartbeat").register(registry);
        vmCpu = MultiGauge.builder("flotilla.vm.cpu.percent").description("VM CPU use as its host last reported").register(registry);
        vmMemory = MultiGauge.builder("flotilla.vm.memory.rss.mib").description("VM resident memory as its host last reported").register(registry);
    }

    /** Replaces the per-object rows: objects absent from the lists lose their series. */
    void show(List<HostValues> hostValues, List<VmValues> vmValues) {
        hostCpu.register(hostValues.stream().map(h -> MultiGauge.Row.of(Tags.of("host", h.host()), h.cpuPercent())).toList(), true);
        hostMemory.register(hostValues.stream().map(h -> MultiGauge.Row.of(Tags.of("host", h.host()), h.memoryUsedMiB())).toList(), true);
        vmCpu.register(vmValues.stream().map(v -> MultiGauge.Row.of(Tags.of("vm", v.vm()), v.cpuPercent())).toList(), true);
        vmMemory.register(vmValues.stream().map(v -> MultiGauge.Row.of(Tags.of("vm", v.vm()), v.memoryRssMiB())).toList(), true);
    }

    synchronized Counts counts() {
        Instant now = clock.instant();
        if (counts == null || !now.isBefore(counts.at().plus(FRESH))) {
            try {
                counts = read(now);
            } catch (RuntimeException e) {
                // A scrape must not fail because the database hiccuped: show the last counts (or none).
                log.warn("could not count hosts and VMs for metrics: {}", e.toString());
                if (counts == null) {
                    return complete(Map.of(), Map.of(), 0, now);
                }
            }
        }
        return counts;
    }

    private Counts read(Instant now) {
        List<Host> all = hosts.all();
        Map<HostStatus, Long> hostCounts = new EnumMap<>(HostStatus.class);
        all.forEach(h -> hostCounts.merge(h.status(), 1L, Long::sum));
        long sessions = all.stream().filter(h -> presence.isConnected(h.id())).count();
        // VMs can be many, so count them in the database rather than loading them: one count per status.
        Map<VmStatus, Long> vmCounts = new EnumMap<>(VmStatus.class);
        for (VmStatus s : VmStatus.values()) {
            vmCounts.put(s, vms.list(new VmRepository.Filter(s, null, null, null), new PageRequest(0, 1)).total());
        }
        return complete(hostCounts, vmCounts, sessions, now);
    }

    /** Fills in every status so each series exists from the first scrape. */
    private static Counts complete(Map<HostStatus, Long> hostCounts, Map<VmStatus, Long> vmCounts, long sessions, Instant now) {
        Map<HostStatus, Long> h = new EnumMap<>(HostStatus.class);
        for (HostStatus s : HostStatus.values()) {
            h.put(s, hostCounts.getOrDefault(s, 0L));
        }
        Map<VmStatus, Long> v = new EnumMap<>(VmStatus.class);
        for (VmStatus s : VmStatus.values()) {
            v.put(s, vmCounts.getOrDefault(s, 0L));
        }
        return new Counts(now, h, v, sessions);
    }
}
