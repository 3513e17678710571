package dev.flotilla.manager.ha;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmEndedUnexpectedly;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmService;
import dev.flotilla.manager.vm.VmStatus;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Highly available VMs waiting to be restarted: after their host was fenced (anywhere the
 * scheduler says), or after their QEMU died unexpectedly on a host that stays Up (that host
 * first, as oVirt does, else elsewhere). Every interval the due ones are started, highest priority
 * first; a VM no host can take now is tried again after a back-off that doubles up to a ceiling,
 * until the attempts run out. The queue is the {@code ha_restart} table, so a manager restart
 * resumes it.
 */
@Component
public class HaRestarts {

    record Pending(UUID vmId, String name, int priority, int attempt, Instant due, UUID preferredHostId) {
    }

    /**
     * One VM in the queue as the API, the console and the CLI show it ({@code id}: the VM's, so
     * lists are cut to the VMs a caller sees): why it was queued, the attempts made of
     * {@code maxAttempts}, when the next one is due, why the last one failed.
     */
    public record QueuedRestart(UUID id, String vmName, int priority, int attempts, int maxAttempts, Instant nextTryAt,
                                UUID preferredHostId, String reason, String lastError, Instant queuedAt) {
    }

    private final JdbcClient jdbc;
    private final VmRepository vms;
    private final VmService service;
    private final HaPriorities priorities;
    private final EventLog events;
    private final Clock clock;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final int maxAttempts;

    HaRestarts(JdbcClient jdbc, VmRepository vms, VmService service, HaPriorities priorities, EventLog events, Clock clock,
               @Value("${flotilla.ha.retry-initial:PT5S}") Duration firstRetry, @Value("${flotilla.ha.retry-max:PT2M}") Duration maxRetry,
               @Value("${flotilla.ha.max-attempts:10}") int maxAttempts) {
        this.jdbc = jdbc;
        this.vms = vms;
        this.service = service;
        this.priorities = priorities;
        this.events = events;
        this.clock = clock;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
        this.maxAttempts = maxAttempts;
    }

    /** Queues a released VM of a failed host: anywhere the scheduler says. */
    void add(Vm vm) {
        queue(vm.id(), null, "its host failed");
    }

    /** A highly available VM died without anyone asking, on a host that still reports: it comes back, on that host if it fits. */
    @EventListener
    public void ended(VmEndedUnexpectedly e) {
        Vm vm = vms.find(e.vmId()).orElse(null);
        if (vm == null || !vm.highlyAvailable()) {
            return;
        }
        events.warning(ObjectRef.vm(vm.id(), vm.name()), ("Highly available VM %s went Down unexpectedly on host %s (%s); it is restarted, "
                + "on %s if it fits, else on another host").formatted(vm.name(), e.hostName(), e.reason(), e.hostName()));
        queue(vm.id(), e.hostId(), e.reason());
    }

    private void queue(UUID vmId, UUID preferredHostId, String reason) {
        jdbc.sql("""
                insert into ha_restart (vm_id, priority, attempt, due_at, preferred_host_id, reason, queued_at)
                values (:vm, :p, 0, :now, :host, :reason, :now)
                on conflict (vm_id) do update set attempt = 0, due_at = :now, preferred_host_id = :host, reason = :reason, queued_at = :now,
                    last_error = ''
                """).param("vm", vmId).param("p", priorities.of(vmId)).param("now", Timestamp.from(clock.instant()))
                .param("host", preferredHostId).param("reason", reason).update();
    }

    /** The back-off after {@code attempt} failed attempts: first, doubled each time, at most max. */
    static Duration backoff(int attempt, Duration first, Duration max) {
        Duration d = first.multipliedBy(1L << Math.min(attempt - 1, 20));
        return d.compareTo(max) > 0 ? max : d;
    }

    /** Due VMs in restart order: higher priority first, then the one waiting longest. */
    static List<Pending> due(Iterable<Pending> all, Instant now) {
        List<Pending> out = new ArrayList<>();
        all.forEach(p -> {
            if (!p.due().isAfter(now)) {
                out.add(p);
            }
        });
        out.sort(Comparator.comparingInt(Pending::priority).reversed().thenComparing(Pending::due));
        return out;
    }

    List<Pending> pending() {
        return jdbc.sql("""
                select r.vm_id, v.name, r.priority, r.attempt, r.due_at, r.preferred_host_id
                from ha_restart r join vm v on v.id = r.vm_id
                """).query((rs, n) -> new Pending(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3), rs.getInt(4),
                rs.getTimestamp(5).toInstant(), rs.getObject(6, UUID.class))).list();
    }

    /** The whole queue in restart order: higher priority first, then the one due first. */
    public List<QueuedRestart> queue() {
        return jdbc.sql("""
                select r.vm_id, v.name, r.priority, r.attempt, r.due_at, r.preferred_host_id, r.reason, r.last_error, r.queued_at
                from ha_restart r join vm v on v.id = r.vm_id order by r.priority desc, r.due_at, v.name
                """).query((rs, n) -> new QueuedRestart(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3), rs.getInt(4), maxAttempts,
                rs.getTimestamp(5).toInstant(), rs.getObject(6, UUID.class), rs.getString(7), rs.getString(8),
                rs.getTimestamp(9).toInstant())).list();
    }

    @Scheduled(fixedDelayString = "${flotilla.ha.restart-interval-ms:1000}")
    public void restartDue() {
        for (Pending p : due(pending(), clock.instant())) {
            Vm vm = vms.find(p.vmId()).orElse(null);
            if (vm == null || vm.status() != VmStatus.Down || !vm.highlyAvailable()) {
                remove(p.vmId()); // deleted, started by someone, or no longer HA
                continue;
            }
            ObjectRef ref = ObjectRef.vm(vm.id(), vm.name());
            try {
                var started = service.startPreferring(vm.id(), p.preferredHostId());
                remove(p.vmId());
                events.info(ref, "Highly available VM %s restarted: %s (attempt %d, priority %d%s)".formatted(vm.name(), started.statusReason(),
                        p.attempt() + 1, p.priority(), p.preferredHostId() == null ? ""
                                : p.preferredHostId().equals(started.hostId()) ? ", on the host it crashed on" : ", its own host could not take it"));
            } catch (RuntimeException e) {
                int attempt = p.attempt() + 1;
                if (attempt >= maxAttempts) {
                    remove(p.vmId());
                    events.error(ref, "Highly available VM %s could not be restarted after %d attempts; it stays Down: %s"
                            .formatted(vm.name(), attempt, e.getMessage()));
                } else {
                    Duration wait = backoff(attempt, firstRetry, maxRetry);
                    String error = String.valueOf(e.getMessage());
                    jdbc.sql("update ha_restart set attempt = :a, due_at = :due, last_error = :err where vm_id = :vm").param("a", attempt)
                            .param("due", Timestamp.from(clock.instant().plus(wait)))
                            .param("err", error.length() > 2000 ? error.substring(0, 2000) + "…" : error).param("vm", p.vmId()).update();
                    events.warning(ref, "Highly available VM %s could not be restarted (attempt %d of %d): %s; next try in %d s"
                            .formatted(vm.name(), attempt, maxAttempts, e.getMessage(), wait.toSeconds()));
                }
            }
        }
    }

    private void remove(UUID vmId) {
        jdbc.sql("delete from ha_restart where vm_id = :vm").param("vm", vmId).update();
    }

    public boolean isPending(UUID vmId) {
        return jdbc.sql("select count(*) from ha_restart where vm_id = :vm").param("vm", vmId).query(Integer.class).single() > 0;
    }
}
