package dev.flotilla.manager.ha;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmService;
import dev.flotilla.manager.vm.VmStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Highly available VMs waiting to be restarted after their host was fenced: every second the due
 * ones are started through the scheduler, highest priority first; a VM no host can take now is
 * tried again after a back-off that doubles up to a ceiling, until the attempts run out. Kept in
 * memory: after a manager restart, a released HA VM is Down and an admin starts it.
 */
@Component
public class HaRestarts {

    record Pending(UUID vmId, String name, int priority, int attempt, Instant due) {
    }

    private final Map<UUID, Pending> pending = new ConcurrentHashMap<>();
    private final VmRepository vms;
    private final VmService service;
    private final HaPriorities priorities;
    private final EventLog events;
    private final Clock clock;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final int maxAttempts;

    HaRestarts(VmRepository vms, VmService service, HaPriorities priorities, EventLog events, Clock clock,
               @Value("${flotilla.ha.retry-initial:PT5S}") Duration firstRetry, @Value("${flotilla.ha.retry-max:PT2M}") Duration maxRetry,
               @Value("${flotilla.ha.max-attempts:10}") int maxAttempts) {
        this.vms = vms;
        this.service = service;
        this.priorities = priorities;
        this.events = events;
        this.clock = clock;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
        this.maxAttempts = maxAttempts;
    }

    void add(Vm vm) {
        pending.put(vm.id(), new Pending(vm.id(), vm.name(), priorities.of(vm.id()), 0, clock.instant()));
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

    @Scheduled(fixedDelayString = "${flotilla.ha.restart-interval-ms:1000}")
    public void restartDue() {
        for (Pending p : due(pending.values(), clock.instant())) {
            Vm vm = vms.find(p.vmId()).orElse(null);
            if (vm == null || vm.status() != VmStatus.Down || !vm.highlyAvailable()) {
                pending.remove(p.vmId()); // deleted, started by someone, or no longer HA
                continue;
            }
            ObjectRef ref = ObjectRef.vm(vm.id(), vm.name());
            try {
                service.start(vm.id());
                pending.remove(p.vmId());
                events.info(ref, "Highly available VM %s restarted (attempt %d, priority %d)".formatted(vm.name(), p.attempt() + 1, p.priority()));
            } catch (RuntimeException e) {
                int attempt = p.attempt() + 1;
                if (attempt >= maxAttempts) {
                    pending.remove(p.vmId());
                    events.error(ref, "Highly available VM %s could not be restarted after %d attempts; it stays Down: %s"
                            .formatted(vm.name(), attempt, e.getMessage()));
                } else {
                    Duration wait = backoff(attempt, firstRetry, maxRetry);
                    pending.put(p.vmId(), new Pending(p.vmId(), p.name(), p.priority(), attempt, clock.instant().plus(wait)));
                    events.warning(ref, "Highly available VM %s could not be restarted (attempt %d of %d): %s; next try in %d s"
                            .formatted(vm.name(), attempt, maxAttempts, e.getMessage(), wait.toSeconds()));
                }
            }
        }
    }

    public boolean isPending(UUID vmId) {
        return pending.containsKey(vmId);
    }
}
