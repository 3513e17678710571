package dev.flotilla.manager.migration;

import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.datacenter.ResiliencePolicy;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostDomainChecks;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.host.HostStatus;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * oVirt's reaction to a NonOperational host: its running VMs that the cluster's resilience policy
 * selects ({@link ResilienceSelection}) are live-migrated away through the scheduler, the path of
 * maintenance and of a manual migration, each with an event saying why. A VM that stays gets an
 * event with the reason, once per reason (not every round); a move that failed is tried again after
 * a pause, as maintenance does. The host itself stays NonOperational until the domain monitor (or
 * an admin) brings it back.
 */
@Component
class NonOperationalEvacuation {

    private final HostRepository hosts;
    private final ClusterRepository clusters;
    private final VmRepository vms;
    private final HostDomainChecks checks;
    private final MigrationService migrations;
    private final EventLog events;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration retryAfter;
    private final Map<UUID, Instant> lastTry = new ConcurrentHashMap<>();
    /** The last reason told per VM that stays, so a reason is an event once, not once per round. */
    private final Map<UUID, String> told = new ConcurrentHashMap<>();

    NonOperationalEvacuation(HostRepository hosts, ClusterRepository clusters, VmRepository vms, HostDomainChecks checks,
                             MigrationService migrations, EventLog events, JdbcClient jdbc, Clock clock,
                             @Value("${flotilla.maintenance.retry-after:PT30S}") Duration retryAfter) {
        this.hosts = hosts;
        this.clusters = clusters;
        this.vms = vms;
        this.checks = checks;
        this.migrations = migrations;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
        this.retryAfter = retryAfter;
    }

    @Scheduled(fixedDelayString = "${flotilla.maintenance.check-interval:PT2S}")
    void evacuate() {
        Set<UUID> seen = new HashSet<>();
        for (Host host : hosts.withStatus(HostStatus.NonOperational)) {
            List<Vm> on = vms.onHost(host.id());
            on.forEach(v -> seen.add(v.id()));
            if (!on.isEmpty()) {
                evacuate(host, on);
            }
        }
        // a VM no longer on a NonOperational host starts afresh the next time
        told.keySet().retainAll(seen);
        lastTry.keySet().retainAll(seen);
    }

    private void evacuate(Host host, List<Vm> on) {
        ResiliencePolicy policy = ResiliencePolicy.of(clusters.get(host.clusterId()).resiliencePolicy());
        Set<UUID> unreadable = checks.domainChecks(host.id()).stream().filter(c -> c.checked() && !c.valid())
                .map(c -> c.domainId()).collect(Collectors.toSet());
        Map<UUID, List<ResilienceSelection.DiskPlace>> disks = disksOf(on);
        List<ResilienceSelection.Candidate> candidates = on.stream().map(v -> new ResilienceSelection.Candidate(v.id(), v.name(),
                v.status(), v.statusReason(), v.highlyAvailable(), disks.getOrDefault(v.id(), List.of()))).toList();
        Instant now = clock.instant();
        for (ResilienceSelection.Decision d : ResilienceSelection.select(policy, host.name(), unreadable, candidates)) {
            ObjectRef ref = ObjectRef.vm(d.vm().vmId(), d.vm().name());
            if (!d.move()) {
                tell(ref, d.vm().vmId(), "VM %s stays on NonOperational host %s: %s".formatted(d.vm().name(), host.name(), d.reason()));
            } else if (!lastTry.getOrDefault(d.vm().vmId(), Instant.MIN).plus(retryAfter).isAfter(now)) {
                lastTry.put(d.vm().vmId(), now);
                try {
                    migrations.migrate(d.vm().vmId(), MigrationInput.DEFAULTS);
                    told.remove(d.vm().vmId());
                    events.info(ref, "VM %s is migrated away from host %s: %s".formatted(d.vm().name(), host.name(), d.reason()));
                } catch (ConflictException e) {
                    tell(ref, d.vm().vmId(), "VM %s stays on NonOperational host %s for now: %s%s; trying again in %d s".formatted(
                            d.vm().name(), host.name(), e.getMessage(), e.details().isEmpty() ? "" : " (" + String.join("; ", e.details()) + ")",
                            retryAfter.toSeconds()));
                }
            }
        }
    }

    private void tell(ObjectRef ref, UUID vm, String message) {
        if (!message.equals(told.put(vm, message))) {
            events.warning(ref, message);
        }
    }

    /** The disks of the VMs and the domains they live on, by VM, in one query. */
    private Map<UUID, List<ResilienceSelection.DiskPlace>> disksOf(List<Vm> on) {
        Map<UUID, List<ResilienceSelection.DiskPlace>> byVm = new HashMap<>();
        jdbc.sql("""
                select vd.vm_id, d.name as disk, sd.id as domain_id, sd.name as domain
                from vm_disk vd join disk d on d.id = vd.disk_id join storage_domain sd on sd.id = d.storage_domain_id
                where vd.vm_id in (:ids) order by d.name""")
                .param("ids", on.stream().map(Vm::id).toList())
                .query((rs, row) -> Map.entry(rs.getObject("vm_id", UUID.class), new ResilienceSelection.DiskPlace(rs.getString("disk"),
                        rs.getObject("domain_id", UUID.class), rs.getString("domain"))))
                .list()
                .forEach(e -> byVm.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return byVm;
    }
}
