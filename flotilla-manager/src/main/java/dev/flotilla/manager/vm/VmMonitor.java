package dev.flotilla.manager.vm;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostMonitor;
import dev.flotilla.manager.host.HostStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Applies what hosts report to the VMs in the database, through {@link VmReconciler}. Each change
 * is applied only if the VM is still in the state the decision was made from (a user action may
 * have moved it meanwhile), and each applied change is an event. Also follows host silence: a
 * Connecting host's VMs are NotResponding, a NonResponsive host's VMs Unknown.
 */
@Service
public class VmMonitor implements HostMonitor.HostStatusListener {

    private final VmRepository vms;
    private final VmLiveStats stats;
    private final EventLog events;
    private final Clock clock;
    private final VmReconciler reconciler;
    private final List<FullReportListener> fullReportListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ApplicationEventPublisher publisher;
    /** Unknown VMs already raised, so a stranger is one event per manager run, not one per heartbeat. */
    private final Set<UUID> raisedStrangers = ConcurrentHashMap.newKeySet();

    VmMonitor(VmRepository vms, VmLiveStats stats, EventLog events, Clock clock, HostMonitor hostMonitor,
              @Value("${flotilla.vm.powering-up-delay:PT5S}") Duration poweringUpDelay,
              @Value("${flotilla.vm.launch-grace:PT60S}") Duration launchGrace, ApplicationEventPublisher publisher) {
        this.publisher = publisher;
        this.vms = vms;
        this.stats = stats;
        this.events = events;
        this.clock = clock;
        this.reconciler = new VmReconciler(poweringUpDelay, launchGrace);
        hostMonitor.addListener(this);
    }

    /** A full report (Hello or heartbeat: every VM the host has) or a partial one (a single VM event). */
    public void report(UUID hostId, String hostName, List<ReportedVm> reported, boolean partial) {
        var known = vms.wantedFor(hostId, reported.stream().map(ReportedVm::id).toList());
        for (ReportedVm r : reported) {
            VmReconciler.Wanted w = known.get(r.id());
            // a copy on another host than the VM's (a migration's target before the switch, the source's copy
            // ending after it) says nothing of the VM where it runs: only the VM's own host feeds its live stats
            if (w != null && !hostId.equals(w.hostId())) {
                continue;
            }
            if (r.state().isAlive()) {
                stats.put(r.id(), r.stats());
            } else {
                stats.remove(r.id());
            }
        }
        VmReconciler.Result result = reconciler.reconcile(hostId, hostName, known, reported, partial, clock.instant());
        for (VmChange c : result.changes()) {
            if (vms.changeStatus(c.vmId(), c.from(), c.to(), c.hostId(), c.reason(), clock.instant())) {
                String message = "VM %s is %s".formatted(c.vmName(), c.to()) + (c.reason().isBlank() ? "" : ": " + c.reason());
                events.record(c.severity(), ObjectRef.vm(c.vmId(), c.vmName()), message);
                if (c.to() == VmStatus.Down) {
                    stats.remove(c.vmId());
                    if (unexpected(c, reported)) {
                        publisher.publishEvent(new VmEndedUnexpectedly(c.vmId(), c.vmName(), hostId, hostName, c.reason()));
                    }
                }
            }
        }
        for (ReportedVm stranger : result.unknown()) {
            if (raisedStrangers.add(stranger.id())) {
                events.warning(ObjectRef.host(hostId, hostName), ("Host %s runs a VM the manager does not know (id %s); "
                        + "it is left running: stop it on the host or adopt it").formatted(hostName, stranger.id()));
            }
        }
        for (VmReconciler.Wanted w : result.staleIncoming()) {
            publisher.publishEvent(new StaleIncomingCopy(w.id(), w.name(), hostId, hostName, w.hostId()));
        }
        for (String w : result.warnings()) {
            events.warning(ObjectRef.host(hostId, hostName), w);
        }
        if (!partial) {
            fullReportListeners.forEach(l -> l.fullReport(hostId, reported));
        }
    }

    /** Told of every full report (every VM a host has), after the reconciler applied it. */
    public interface FullReportListener {
        void fullReport(UUID hostId, List<ReportedVm> reported);
    }

    public void addFullReportListener(FullReportListener listener) {
        fullReportListeners.add(listener);
    }

    /**
     * Down without a request: QEMU crashed or was killed, the VM vanished, or self-fencing killed it.
     * A stop the manager asked for passes through PoweringDown; a guest's own power-off is STOPPED.
     */
    static boolean unexpected(VmChange c, List<ReportedVm> reported) {
        if (c.from() == VmStatus.PoweringDown || c.from() == VmStatus.Down) {
            return false;
        }
        ReportedVm r = reported.stream().filter(v -> v.id().equals(c.vmId())).findFirst().orElse(null);
        return r == null || r.state() == ReportedVm.State.CRASHED
                || (r.reason() != null && r.reason().startsWith("killed by self-fencing"));
    }

    @Override
    public void hostStatusChanged(Host host, HostStatus from, HostStatus to) {
        VmStatus vmStatus = switch (to) {
            case Connecting -> VmStatus.NotResponding;
            case NonResponsive -> VmStatus.Unknown;
            default -> null;
        };
        if (vmStatus == null) {
            return;
        }
        for (Vm vm : vms.onHost(host.id())) {
            if (to == HostStatus.Connecting && vm.status() == VmStatus.MigratingFrom) {
                // a migration is decided by its outcome (or, after a manager restart, by both hosts' reports),
                // and its source's agent carries it on while it reconnects: NotResponding would end it early
                continue;
            }
            if (vm.status() != vmStatus && vm.status().canTransitionTo(vmStatus)
                    && vms.changeStatus(vm.id(), vm.status(), vmStatus, vm.hostId(), "host %s is %s".formatted(host.name(), to), clock.instant())) {
                events.warning(ObjectRef.vm(vm.id(), vm.name()), "VM %s is %s: its host %s is %s".formatted(vm.name(), vmStatus, host.name(), to));
            }
        }
    }
}
