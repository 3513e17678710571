package dev.flotilla.manager.migration;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.events.Severity;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.vm.ReportedVm;
import dev.flotilla.manager.vm.VmMonitor;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Ends the migrations an earlier manager process started and did not live to follow. The agents
 * carry a migration on without the manager (the source's QEMU migrates, then quits; the target's
 * runs the guest), so once both hosts have reported to this process, what they report says how it
 * ended: running on the target means it completed; gone from the target but running on the source
 * means it failed or never began; gone from both means the VM is lost. While the target still
 * waits for the stream and the source still runs, it is under way: wait for the next reports.
 *
 * <p>Only migrations that began before this process started are judged: a migration of this
 * process is followed by its {@link MigrationRunner}, and between its commit and its first
 * command the reports would wrongly read as "never began". That set is fixed when the process is
 * ready, so it is read once; each full report then costs nothing unless its host is one of those
 * migrations' hosts, and nothing at all once every orphan is settled.
 */
@Component
class OrphanedMigrations implements VmMonitor.FullReportListener {

    /** What the reports of a migration's two hosts say about it. */
    enum Verdict { UP_ON_TARGET, UP_ON_SOURCE, LOST, UNDER_WAY }

    private final VmRepository vms;
    private final HostRepository hosts;
    private final EventLog events;
    private final Clock clock;
    private final Instant startedAt;
    /** The migrations still to settle, by VM; empty (the usual case) means there is nothing to do. */
    private volatile Map<UUID, VmRepository.Migrating> orphans = Map.of();
    /** The last full report of each orphan's hosts: VM → state (a VM absent is not in it). */
    private final Map<UUID, Map<UUID, ReportedVm.State>> lastReports = new HashMap<>();

    OrphanedMigrations(VmRepository vms, HostRepository hosts, EventLog events, Clock clock, VmMonitor monitor) {
        this.vms = vms;
        this.hosts = hosts;
        this.events = events;
        this.clock = clock;
        this.startedAt = clock.instant();
        monitor.addFullReportListener(this);
    }

    /** Reads the migrations left by earlier processes: those marked migrating before this one started. */
    @EventListener(ApplicationReadyEvent.class)
    synchronized void findOrphans() {
        Map<UUID, VmRepository.Migrating> found = new HashMap<>();
        for (VmRepository.Migrating m : vms.migrating()) {
            if (m.since().isBefore(startedAt) && m.targetHostId() != null) {
                found.put(m.id(), m);
            }
        }
        lastReports.clear();
        orphans = found;
    }

    @Override
    public void fullReport(UUID hostId, List<ReportedVm> reported) {
        if (orphans.isEmpty()) {
            return;
        }
        settleWith(hostId, reported);
    }

    private synchronized void settleWith(UUID hostId, List<ReportedVm> reported) {
        Map<UUID, VmRepository.Migrating> left = new HashMap<>(orphans);
        if (left.values().stream().noneMatch(m -> hostId.equals(m.sourceHostId()) || hostId.equals(m.targetHostId()))) {
            return;
        }
        Map<UUID, ReportedVm.State> report = new HashMap<>();
        reported.stream().filter(r -> left.containsKey(r.id())).forEach(r -> report.put(r.id(), r.state()));
        lastReports.put(hostId, report);
        for (VmRepository.Migrating m : List.copyOf(left.values())) {
            Map<UUID, ReportedVm.State> source = lastReports.get(m.sourceHostId());
            Map<UUID, ReportedVm.State> target = lastReports.get(m.targetHostId());
            if (target == null) {
                continue;
            }
            ReportedVm.State onTarget = target.get(m.id());
            // the target running the guest settles it alone (the source may never come back); else both must have spoken
            if (source != null || onTarget == ReportedVm.State.RUNNING) {
                Verdict verdict = verdict(source == null ? null : source.get(m.id()), onTarget);
                if (verdict != Verdict.UNDER_WAY) {
                    settle(m, verdict);
                    left.remove(m.id());
                }
            }
        }
        if (left.isEmpty()) {
            lastReports.clear();
        }
        orphans = Map.copyOf(left);
    }

    /** The verdict from the VM's state on its source and on its target (null: the host does not have it). */
    static Verdict verdict(ReportedVm.State onSource, ReportedVm.State onTarget) {
        boolean sourceAlive = onSource != null && onSource.isAlive();
        boolean targetAlive = onTarget != null && onTarget.isAlive();
        if (onTarget == ReportedVm.State.RUNNING) {
            return Verdict.UP_ON_TARGET;    // the incoming copy runs only once the migration completed
        }
        if (targetAlive) {
            return Verdict.UNDER_WAY;       // the target still waits; the source is migrating, or has just handed over
        }
        return sourceAlive ? Verdict.UP_ON_SOURCE : Verdict.LOST;
    }

    /**
     * Writes the verdict, if the VM is still as it was found (a user may have acted meanwhile: then
     * the write does nothing). An incoming copy the target starts after this, for a migration
     * settled as UP_ON_SOURCE, is stopped by {@link StaleIncomingCopies}.
     */
    private void settle(VmRepository.Migrating m, Verdict verdict) {
        Function<UUID, String> name = id -> id == null ? "(none)" : hosts.find(id).map(h -> h.name()).orElse(id.toString());
        String source = name.apply(m.sourceHostId());
        String target = name.apply(m.targetHostId());
        ObjectRef ref = ObjectRef.vm(m.id(), m.name());
        Instant now = clock.instant();
        switch (verdict) {
            case UP_ON_TARGET -> {
                if (vms.finishMigration(m.id(), m.targetHostId(), VmStatus.Up, "migrated from host " + source
                        + " while the manager was restarting", now)) {
                    events.record(Severity.INFO, ref, "VM %s is Up on host %s: its migration from host %s completed while the manager was restarting"
                            .formatted(m.name(), target, source));
                }
            }
            case UP_ON_SOURCE -> {
                if (vms.finishMigration(m.id(), m.sourceHostId(), VmStatus.Up, "its migration to host " + target
                        + " ended while the manager was restarting; it still runs here", now)) {
                    events.record(Severity.WARNING, ref, "VM %s stayed on host %s: its migration to host %s did not complete while the manager was restarting"
                            .formatted(m.name(), source, target));
                }
            }
            case LOST -> {
                if (vms.finishMigration(m.id(), null, VmStatus.Down, "neither host %s nor host %s runs it after the manager restarted"
                        .formatted(source, target), now)) {
                    events.record(Severity.ERROR, ref, "VM %s is Down: it was migrating from host %s to host %s when the manager restarted, and neither host runs it"
                            .formatted(m.name(), source, target));
                }
            }
            case UNDER_WAY -> { }
        }
    }
}
