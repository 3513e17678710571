package dev.flotilla.manager.metrics;

import dev.flotilla.manager.events.ObjectChanged;
import dev.flotilla.manager.events.ObjectType;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostPresence;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.vm.ReportedVm;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmLiveStats;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every sample interval, copies the latest stats the manager already holds (host heartbeats in
 * {@link HostPresence}, VM reports in {@link VmLiveStats}) into {@link StatsHistory} and the
 * per-object Prometheus gauges. Polling rather than a hook in the heartbeat path keeps the
 * heartbeat code unaware of metrics and bounds the work to one pass per interval, however many
 * heartbeats arrived; the price is that a chart point can be up to one interval old.
 */
@Component
class StatsSampler {

    private final HostRepository hosts;
    private final HostPresence presence;
    private final VmRepository vms;
    private final VmLiveStats liveStats;
    private final StatsHistory history;
    private final FleetMetrics metrics;
    private final Clock clock;

    StatsSampler(HostRepository hosts, HostPresence presence, VmRepository vms, VmLiveStats liveStats, StatsHistory history,
                 FleetMetrics metrics, Clock clock) {
        this.hosts = hosts;
        this.presence = presence;
        this.vms = vms;
        this.liveStats = liveStats;
        this.history = history;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * One pass at a time: a pass that read the fleet earlier must not show its rows after a later one
     * (the series are replaced whole), whoever runs it besides the schedule.
     */
    @Scheduled(fixedDelayString = "${flotilla.metrics.sample-interval:PT10S}", initialDelayString = "${flotilla.metrics.sample-interval:PT10S}")
    synchronized void sample() {
        Instant now = clock.instant();
        List<FleetMetrics.HostValues> hostValues = sampleHosts();
        List<FleetMetrics.VmValues> vmValues = sampleVms(now);
        metrics.show(hostValues, vmValues);
    }

    private List<FleetMetrics.HostValues> sampleHosts() {
        List<Host> all = hosts.all();
        List<FleetMetrics.HostValues> values = new ArrayList<>();
        for (Host h : all) {
            HostPresence.Live live = presence.get(h.id()).orElse(null);
            // A disconnected host's last stats are history, not its present: recording them again would draw a flat lie.
            if (live == null || !live.connected() || live.stats() == null) {
                continue;
            }
            history.recordHost(h.id(), HostSample.of(live.lastContact(), live.stats()));
            values.add(new FleetMetrics.HostValues(h.name(), live.stats()));
        }
        history.retainHosts(all.stream().map(Host::id).collect(Collectors.toSet()));
        return values;
    }

    private List<FleetMetrics.VmValues> sampleVms(Instant now) {
        Set<UUID> reporting = new HashSet<>();
        List<FleetMetrics.VmValues> values = new ArrayList<>();
        // only the VMs that have stats at all: not every VM of the fleet, every interval
        for (Vm vm : vms.findAll(liveStats.ids())) {
            ReportedVm.Stats s = liveStats.get(vm.id());
            if (s == null || !reports(vm.status())) {
                continue;
            }
            reporting.add(vm.id());
            history.recordVm(vm.id(), VmSample.of(now, s));
            values.add(new FleetMetrics.VmValues(vm.name(), s));
        }
        history.forgetQuietVms(reporting, now);
        return values;
    }

    /** NotResponding and Unknown VMs keep their host's last report in VmLiveStats; it is stale, so it is not sampled. */
    private static boolean reports(VmStatus s) {
        return s.isAlive() && s != VmStatus.NotResponding && s != VmStatus.Unknown;
    }

    /** A deleted VM's history goes at once (its id will never report again); Down ones age out in forgetQuietVms. */
    @EventListener
    void objectChanged(ObjectChanged change) {
        if (change.type() == ObjectType.VM && change.id() != null && history.hasVm(change.id()) && vms.find(change.id()).isEmpty()) {
            history.forgetVm(change.id());
        }
    }
}
