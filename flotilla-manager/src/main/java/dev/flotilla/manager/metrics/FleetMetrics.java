package dev.flotilla.manager.metrics;

import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostPresence;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.host.HostStats;
import dev.flotilla.manager.host.HostStatus;
import dev.flotilla.manager.vm.ReportedVm;
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
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The fleet as Prometheus series. Counts by status ({@code flotilla_hosts}, {@code flotilla_vms})
 * and {@code flotilla_agent_sessions} are read from the database when scraped, at most once per
 * {@link #FRESH}, so several scrapers cost one set of queries. Every status is always present (0
 * when none) so a query like {@code flotilla_vms{status="Unknown"} > 0} has a series to alert on.
 * Per-object gauges carry the sampler's latest values and lose their rows when the object stops
 * reporting, so a deleted VM does not linger as a flat line. Disk and network figures are gauges of
 * bytes per second because agents report rates, not counters: query them as they are, not with rate().
 */
@Component
class FleetMetrics {

    private static final Logger log = LoggerFactory.getLogger(FleetMetrics.class);
    private static final Duration FRESH = Duration.ofSeconds(5);

    record Counts(Instant at, Map<HostStatus, Long> hosts, Map<VmStatus, Long> vms, long sessions) {
    }

    /** Latest values of one host or VM, by name: names are unique and what a dashboard shows. */
    record HostValues(String host, HostStats stats) {
    }

    record VmValues(String vm, ReportedVm.Stats stats) {
    }

    /** A per-object series: its gauge, which objects have a row in it, and each row's value. */
    private record Series<T>(MultiGauge gauge, Predicate<T> shown, ToDoubleFunction<T> value) {
    }

    private final HostRepository hosts;
    private final HostPresence presence;
    private final VmRepository vms;
    private final Clock clock;
    private final List<Series<HostStats>> hostSeries;
    private final List<Series<ReportedVm.Stats>> vmSeries;
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
        Predicate<HostStats> everyHost = s -> true;
        hostSeries = List.of(
                series(registry, "flotilla.host.cpu.percent", "Host CPU use at its last heartbeat", everyHost, HostStats::cpuPercent),
                series(registry, "flotilla.host.memory.used.mib", "Host memory in use at its last heartbeat", everyHost, HostStats::memoryUsedMiB),
                series(registry, "flotilla.host.disk.read.bytes.per.second", "Bytes per second the host's disks read, at its last heartbeat",
                        everyHost, HostStats::diskReadBytesPerSecond),
                series(registry, "flotilla.host.disk.write.bytes.per.second", "Bytes per second the host's disks wrote, at its last heartbeat",
                        everyHost, HostStats::diskWriteBytesPerSecond),
                series(registry, "flotilla.host.network.receive.bytes.per.second", "Bytes per second the host received, at its last heartbeat",
                        everyHost, HostStats::networkReceiveBytesPerSecond),
                series(registry, "flotilla.host.network.transmit.bytes.per.second", "Bytes per second the host sent, at its last heartbeat",
                        everyHost, HostStats::networkTransmitBytesPerSecond));
        // A VM without disks (or NICs) has no row in those series rather than a row that reads 0: its rates are null.
        Predicate<ReportedVm.Stats> everyVm = s -> true;
        vmSeries = List.of(
                series(registry, "flotilla.vm.cpu.percent", "VM CPU use as its host last reported", everyVm, ReportedVm.Stats::cpuPercent),
                series(registry, "flotilla.vm.memory.rss.mib", "VM resident memory as its host last reported", everyVm, ReportedVm.Stats::memoryRssMiB),
                series(registry, "flotilla.vm.disk.read.bytes.per.second", "Bytes per second the VM's disks read, as its host last reported",
                        s -> s.diskReadBytesPerSecond() != null, ReportedVm.Stats::diskReadBytesPerSecond),
                series(registry, "flotilla.vm.disk.write.bytes.per.second", "Bytes per second the VM's disks wrote, as its host last reported",
                        s -> s.diskWriteBytesPerSecond() != null, ReportedVm.Stats::diskWriteBytesPerSecond),
                series(registry, "flotilla.vm.network.receive.bytes.per.second", "Bytes per second the VM received, as its host last reported",
                        s -> s.networkReceiveBytesPerSecond() != null, ReportedVm.Stats::networkReceiveBytesPerSecond),
                series(registry, "flotilla.vm.network.transmit.bytes.per.second", "Bytes per second the VM sent, as its host last reported",
                        s -> s.networkTransmitBytesPerSecond() != null, ReportedVm.Stats::networkTransmitBytesPerSecond));
    }

    private static <T> Series<T> series(MeterRegistry registry, String name, String description, Predicate<T> shown, ToDoubleFunction<T> value) {
        return new Series<>(MultiGauge.builder(name).description(description).register(registry), shown, value);
    }

    /** Replaces the per-object rows: objects absent from the lists lose their series. */
    void show(List<HostValues> hostValues, List<VmValues> vmValues) {
        show(hostSeries, "host", hostValues.stream().map(h -> Map.entry(h.host(), h.stats())).toList());
        show(vmSeries, "vm", vmValues.stream().map(v -> Map.entry(v.vm(), v.stats())).toList());
    }

    private static <T> void show(List<Series<T>> all, String tag, List<Map.Entry<String, T>> objects) {
        for (Series<T> series : all) {
            series.gauge().register(objects.stream().filter(o -> series.shown().test(o.getValue()))
                    .map(o -> MultiGauge.Row.of(Tags.of(tag, o.getKey()), series.value().applyAsDouble(o.getValue()))).toList(), true);
        }
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
