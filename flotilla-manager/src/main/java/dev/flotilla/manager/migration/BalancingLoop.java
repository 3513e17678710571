package dev.flotilla.manager.migration;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.datacenter.Cluster;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.host.HostPresence;
import dev.flotilla.manager.scheduling.BalanceDecision;
import dev.flotilla.manager.scheduling.BalanceInput;
import dev.flotilla.manager.scheduling.ClusterSnapshot;
import dev.flotilla.manager.scheduling.HostCandidate;
import dev.flotilla.manager.scheduling.Scheduler;
import dev.flotilla.manager.scheduling.SchedulingPolicy;
import dev.flotilla.manager.scheduling.VmDemand;
import dev.flotilla.manager.vm.VmDemands;
import dev.flotilla.manager.vm.ClusterSnapshots;
import dev.flotilla.manager.vm.VmRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Automatic load balancing (oVirt's balancing loop). Every interval it samples each host's CPU,
 * then asks each cluster's policy (through {@link Scheduler#balance}) whether one VM should move,
 * and migrates it the same way as a manual migration, to the host the policy chose. At most one
 * balancing migration runs per cluster at a time, and a VM it moved is left alone for
 * {@code hysteresis} so nothing goes back and forth. Every decision is an event saying why.
 */
@Component
class BalancingLoop {

    private final ClusterRepository clusters;
    private final ClusterSnapshots snapshots;
    private final Scheduler scheduler;
    private final VmDemands demands;
    private final VmRepository vms;
    private final HostPresence presence;
    private final MigrationService migrations;
    private final Migrations running;
    private final EventLog events;
    private final Clock clock;
    private final Duration hysteresis;
    private final CpuHistory history = new CpuHistory(Duration.ofHours(1));
    private final Map<UUID, Instant> movedAt = new ConcurrentHashMap<>();
    /** VMs whose balancing migration may still run. */
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();

    BalancingLoop(ClusterRepository clusters, ClusterSnapshots snapshots, Scheduler scheduler, VmDemands demands, VmRepository vms, HostPresence presence,
                  MigrationService migrations, Migrations running, EventLog events, Clock clock,
                  @Value("${flotilla.balancing.hysteresis:PT10M}") Duration hysteresis) {
        this.clusters = clusters;
        this.snapshots = snapshots;
        this.scheduler = scheduler;
        this.demands = demands;
        this.vms = vms;
        this.presence = presence;
        this.migrations = migrations;
        this.running = running;
        this.events = events;
        this.clock = clock;
        this.hysteresis = hysteresis;
    }

    @Scheduled(fixedDelayString = "${flotilla.balancing.interval:PT1M}", initialDelayString = "${flotilla.balancing.interval:PT1M}")
    void run() {
        Instant now = clock.instant();
        movedAt.values().removeIf(at -> at.plus(hysteresis).isBefore(now));
        for (Cluster cluster : clusters.all()) {
            if (SchedulingPolicy.NONE.name().equals(cluster.schedulingPolicy())) {
                continue; // the default policy never balances: no snapshot, no samples
            }
            ClusterSnapshot snapshot = snapshots.of(cluster);
            sample(snapshot, now);
            balance(cluster, snapshot, now).ifPresent(this::move);
        }
    }

    private void sample(ClusterSnapshot snapshot, Instant now) {
        for (HostCandidate host : snapshot.hosts()) {
            Optional<HostPresence.Live> live = presence.get(host.id()).filter(HostPresence.Live::connected);
            if (live.isPresent() && live.get().stats() != null) {
                history.record(host.id(), now, live.get().stats().cpuPercent());
            } else {
                history.forget(host.id());
            }
        }
    }

    /** The policy's one move for this cluster now, unless a balancing migration of it still runs. */
    Optional<BalanceDecision> balance(Cluster cluster, ClusterSnapshot snapshot, Instant now) {
        // One balancing migration at a time (in the whole manager, for now): the next decision sees its result.
        inFlight.removeIf(id -> running.of(id).filter(MigrationView::running).isEmpty());
        if (!inFlight.isEmpty()) {
            return Optional.empty();
        }
        List<VmDemand> up = demands.toMove(vms.upInCluster(cluster.id()));
        if (up.isEmpty()) {
            return Optional.empty();
        }
        Set<UUID> hostIds = snapshot.hosts().stream().map(HostCandidate::id).collect(Collectors.toSet());
        return scheduler.balance(snapshot, new BalanceInput(up, history.of(hostIds), Set.copyOf(movedAt.keySet()), now));
    }

    private void move(BalanceDecision d) {
        ObjectRef ref = ObjectRef.vm(d.vm().vmId(), d.vm().name());
        movedAt.put(d.vm().vmId(), clock.instant());
        inFlight.add(d.vm().vmId());
        events.info(ref, "Balancing (%s): %s".formatted(d.balancer(), d.reason()));
        try {
            migrations.migrate(d.vm().vmId(), new MigrationInput(d.to().id(), null, null, null, null));
        } catch (ConflictException | BadRequestException e) {
            events.warning(ref, "Balancing could not migrate VM %s to host %s: %s".formatted(d.vm().name(), d.to().name(), e.getMessage()));
        }
    }
}
