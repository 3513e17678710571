package dev.flotilla.manager.ha;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.fencing.Fencer;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostMonitor;
import dev.flotilla.manager.host.HostPresence;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.host.HostStatus;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Service;

/**
 * What the manager does about a host that went NonResponsive, as oVirt does, guarded twice
 * against running a VM twice:
 * <ol>
 * <li>with power management: restart the host through a proxy; its VMs are released only once the
 *     BMC reads off;</li>
 * <li>when that fails (wrong password, BMC or proxy unreachable): its highly available VMs are
 *     released once the host's self-fencing lease has surely run out ({@link LeaseTerms}), never
 *     before; the others stay Unknown;</li>
 * <li>without power management: an alert, and nothing until an admin confirms the host is off.</li>
 * </ol>
 * Each step re-reads the host: one that speaks again meanwhile is left alone.
 */
@Service
public class HostRecovery implements HostMonitor.HostStatusListener {

    private final HostRepository hosts;
    private final HostMonitor monitor;
    private final HostPresence presence;
    private final VmRepository vms;
    private final Fencer fencer;
    private final LeaseTerms lease;
    private final HaRestarts restarts;
    private final EventLog events;
    private final Clock clock;
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "host-recovery");
        t.setDaemon(true);
        return t;
    });

    HostRecovery(HostRepository hosts, HostMonitor monitor, HostPresence presence, VmRepository vms, Fencer fencer, LeaseTerms lease,
                 HaRestarts restarts, EventLog events, Clock clock) {
        this.hosts = hosts;
        this.monitor = monitor;
        this.presence = presence;
        this.vms = vms;
        this.fencer = fencer;
        this.lease = lease;
        this.restarts = restarts;
        this.events = events;
        this.clock = clock;
        monitor.addListener(this);
    }

    @Override
    public void hostStatusChanged(Host host, HostStatus from, HostStatus to) {
        if (to == HostStatus.NonResponsive && running.add(host.id())) {
            workers.submit(() -> {
                try {
                    recover(host.id());
                } finally {
                    running.remove(host.id());
                }
            });
        }
    }

    private void recover(UUID hostId) {
        Host h = hosts.get(hostId);
        if (fencer.hasPowerManagement(h)) {
            Fencer.Outcome o = fencer.restart(h, () -> confirmedOff(hostId, "fenced: power off confirmed by its BMC"));
            if (o.confirmedOff()) {
                return;
            }
            if (!lease.enabled()) {
                events.error(ref(h), ("Host %s could not be fenced (%s) and self-fencing is off: its VMs stay Unknown until an admin "
                        + "confirms the host is off (fence manual)").formatted(h.name(), o.message()));
                return;
            }
            awaitLease(h, "fencing failed (%s)".formatted(o.message()));
            return;
        }
        events.error(ref(h), ("ALERT: host %s is NonResponsive and has no power management: its VMs stay Unknown until an admin "
                + "confirms the host is off or was rebooted (fence manual)").formatted(h.name()));
    }

    /**
     * Waits until the host's lease surely ran out, then releases its HA VMs. The wait is counted on
     * this JVM's monotonic clock from the last contact (a wall-clock step must not shorten it), and
     * again from a later contact if the host is heard meanwhile.
     */
    private void awaitLease(Host h, String why) {
        Instant contact = lastContact(h.id());
        long deadline = System.nanoTime() + Duration.between(clock.instant(), lease.safeAfter(contact)).toNanos();
        events.warning(ref(h), ("Host %s: %s; its highly available VMs restart elsewhere once its self-fencing lease surely ran out: "
                + "last heard at %s, lease %d ms (its agent kills them from %d ms before the end), then the clock-drift allowance and "
                + "the margin: not before %s").formatted(h.name(), why, contact, lease.leaseMs(), lease.checkIntervalMs() + lease.killBudgetMs(),
                lease.safeAfter(contact)));
        while (true) {
            Host now = hosts.get(h.id());
            if (now.status() != HostStatus.NonResponsive) {
                events.info(ref(h), "Host %s is %s again; its VMs are left to it".formatted(h.name(), now.status()));
                return;
            }
            Instant heard = presence.get(h.id()).map(HostPresence.Live::lastContact).orElse(contact);
            if (heard.isAfter(contact)) {
                contact = heard;
                deadline = System.nanoTime() + Duration.between(clock.instant(), lease.safeAfter(contact)).toNanos();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            sleep(Math.min(left / 1_000_000L + 1, 500));
        }
        release(h, true, "the self-fencing lease of host %s ran out (last heard at %s)".formatted(h.name(), contact));
    }

    /** The host is known to be off (its BMC said so, or an admin): Down, its HA VMs restart elsewhere, the others go Down. */
    public boolean confirmedOff(UUID hostId, String how) {
        Host down = monitor.confirmedOff(hostId, how);
        if (down == null) {
            return false;
        }
        release(down, false, "host %s is off (%s)".formatted(down.name(), how));
        return true;
    }

    private void release(Host h, boolean onlyHa, String reason) {
        var onHost = vms.onHost(h.id()).stream().sorted(Comparator.comparing(Vm::name)).toList();
        for (Vm vm : onHost) {
            if ((onlyHa && !vm.highlyAvailable()) || !vm.status().canTransitionTo(VmStatus.Down)) {
                continue;
            }
            if (vms.changeStatus(vm.id(), vm.status(), VmStatus.Down, null, reason, clock.instant())) {
                ObjectRef ref = ObjectRef.vm(vm.id(), vm.name());
                if (vm.highlyAvailable()) {
                    events.warning(ref, "VM %s is Down: %s; as a highly available VM it restarts elsewhere".formatted(vm.name(), reason));
                    restarts.add(vm);
                } else {
                    events.warning(ref, "VM %s is Down: %s".formatted(vm.name(), reason));
                }
            }
        }
    }

    private Instant lastContact(UUID hostId) {
        return presence.get(hostId).map(HostPresence.Live::lastContact).orElse(clock.instant());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static ObjectRef ref(Host h) {
        return ObjectRef.host(h.id(), h.name());
    }
}
