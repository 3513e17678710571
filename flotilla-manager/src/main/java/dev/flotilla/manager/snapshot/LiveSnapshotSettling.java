package dev.flotilla.manager.snapshot;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.storage.DomainImport;
import dev.flotilla.manager.storage.RunningDisks;
import dev.flotilla.manager.storage.StorageAnswer;
import dev.flotilla.manager.storage.StorageCalls;
import dev.flotilla.manager.storage.StorageDomain;
import dev.flotilla.manager.storage.StorageDomainRepository;
import dev.flotilla.manager.storage.StorageHosts;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settles a snapshot being made whose host's answer was never recorded (the manager stopped, the
 * answer timed out): it is Locked with its planned overlays ({@link PlannedOverlays}). A live one
 * may already run on them, so it is decided per disk from the truth, as live disk moves are:
 * <ul>
 * <li>the VM runs: once its host reported every planned disk (in a report heard after the watch
 *     began), a disk on its planned overlay is recorded with it as active volume (the snapshot is
 *     taken), a disk still on the old volume drops its overlay file. No disk switched: the snapshot
 *     goes. Some did: the snapshot holds those disks only, said in its reason. A disk on any other
 *     volume, or no report yet: it waits, Locked (the VM runs on; nothing is guessed);</li>
 * <li>the VM is Down: the storage decides. An overlay on its domain made on the old volume is kept
 *     as the active volume, since completing never loses a write: the guest's writes are in the
 *     overlay if QEMU switched, in the old volume if it did not, and the overlay over it reads both.
 *     Dropping it instead would lose what the guest wrote into it, and the next start on the old
 *     volume would write under it. The price, when QEMU never switched, is a snapshot a little
 *     younger than asked (up to the VM's stop: still a state the guest really had), said in its
 *     reason. An overlay absent from its domain was never run on: that disk is rolled back. A listing
 *     that fails is tried again; the Locked snapshot keeps the VM from starting meanwhile;</li>
 * <li>offline (qemu-img, the VM Down all along): the database's chains are what the next start uses,
 *     so the snapshot goes and the overlays made for it are removed.</li>
 * </ul>
 * Each snapshot is recorded in one transaction, with an event on the VM.
 */
@Component
class LiveSnapshotSettling {

    static final String AWAITING = "the host's answer never came: settled from the volumes its host reports the VM runs on";
    private static final Logger log = LoggerFactory.getLogger(LiveSnapshotSettling.class);

    /** A snapshot to settle and the moment it was handed over: only reports heard since count. */
    private final Map<UUID, Instant> watched = new ConcurrentHashMap<>();
    private final SnapshotRepository snapshots;
    private final PlannedOverlays plans;
    private final RunningDisks running;
    private final VmRepository vms;
    private final StorageDomainRepository domains;
    private final StorageHosts hosts;
    private final StorageCalls calls;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final Clock clock;

    LiveSnapshotSettling(SnapshotRepository snapshots, PlannedOverlays plans, RunningDisks running, VmRepository vms, StorageDomainRepository domains,
                         StorageHosts hosts, StorageCalls calls, EventLog events, TransactionTemplate tx, Clock clock) {
        this.snapshots = snapshots;
        this.plans = plans;
        this.running = running;
        this.vms = vms;
        this.domains = domains;
        this.hosts = hosts;
        this.calls = calls;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /** At start every snapshot Locked with planned overlays is an earlier process's: this one asked no host yet. */
    @EventListener(ApplicationReadyEvent.class)
    void findCut() {
        plans.lockedWithPlans().forEach(this::watch);
    }

    /** Settles {@code snapshotId} from reports heard from now on. */
    void watch(UUID snapshotId) {
        watched.putIfAbsent(snapshotId, clock.instant());
    }

    @Scheduled(fixedDelayString = "${flotilla.snapshot.settle-interval-ms:2000}")
    void settle() {
        for (Map.Entry<UUID, Instant> w : List.copyOf(watched.entrySet())) {
            try {
                if (settle(w.getKey(), w.getValue())) {
                    watched.remove(w.getKey());
                }
            } catch (RuntimeException e) {
                // stays Locked and watched: a database or host hiccup is no reason to guess
                log.warn("settling snapshot {} failed, tried again: {}", w.getKey(), e.toString());
            }
        }
    }

    /** One disk's fate: its overlay kept (the snapshot holds it) or dropped. */
    private record Fate(PlannedOverlays.Planned planned, boolean kept) {
    }

    /** True once settled (or nothing is left to settle). */
    private boolean settle(UUID id, Instant since) {
        Snapshot s = snapshots.find(id).filter(x -> x.status() == SnapshotStatus.Locked).orElse(null);
        List<PlannedOverlays.Planned> planned = s == null ? List.of() : plans.of(id);
        if (planned.isEmpty()) {
            return true;
        }
        Vm vm = vms.find(s.vmId()).orElse(null);
        Optional<List<Fate>> fates = vm == null || !s.live() ? Optional.of(planned.stream().map(p -> new Fate(p, false)).toList())
                : vm.hostId() != null ? fromReports(vm, planned, since)
                : vm.status() == VmStatus.Down ? fromStorage(planned) : Optional.empty();
        if (fates.isEmpty()) {
            return false;
        }
        String how = vm == null || !s.live() ? "no VM ran on them" : vm.hostId() != null ? "its host reports what the VM runs on"
                : "the VM is Down and the storage holds them";
        record(s, vm, fates.get(), how);
        return true;
    }

    /** Per disk from the host's report; empty while a disk is unreported or on a volume neither planned nor old. */
    private Optional<List<Fate>> fromReports(Vm vm, List<PlannedOverlays.Planned> planned, Instant since) {
        List<Fate> fates = new ArrayList<>();
        for (PlannedOverlays.Planned p : planned) {
            Optional<RunningDisks.Heard> heard = running.of(vm.id(), p.diskId())
                    .filter(h -> h.hostId().equals(vm.hostId()) && !h.heardAt().isBefore(since));
            if (heard.isPresent() && p.volumeId().toString().equals(heard.get().volumeId())) {
                fates.add(new Fate(p, true));
            } else if (heard.isPresent() && p.backingId().toString().equals(heard.get().volumeId())) {
                fates.add(new Fate(p, false));
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(fates);
    }

    /** Per disk from the storage: kept when its overlay is there, made on the old volume; empty while a domain cannot be listed. */
    private Optional<List<Fate>> fromStorage(List<PlannedOverlays.Planned> planned) {
        List<Fate> fates = new ArrayList<>();
        for (PlannedOverlays.Planned p : planned) {
            StorageDomain domain = domains.find(p.domainId()).orElse(null);
            if (domain == null) {
                fates.add(new Fate(p, false));
                continue;
            }
            DomainImport.Listing listing = calls.listVolumes(hosts.forDomain(domain), domain);
            if (!listing.answer().ok()) {
                return Optional.empty();
            }
            // a readable overlay whose backing is the old volume (the listing names it <disk-id>/<volume-id>)
            fates.add(new Fate(p, listing.volumes().stream().anyMatch(v -> p.volumeId().toString().equals(v.volumeId())
                    && (p.diskId() + "/" + p.backingId()).equals(v.parent()) && (v.problem() == null || v.problem().isEmpty()))));
        }
        return Optional.of(fates);
    }

    private void record(Snapshot s, Vm vm, List<Fate> fates, String how) {
        List<Fate> kept = fates.stream().filter(Fate::kept).toList();
        List<Fate> dropped = fates.stream().filter(f -> !f.kept()).toList();
        String vmName = vm == null ? s.vmId().toString() : vm.name();
        String reason = kept.isEmpty() ? "" : "taken by settling after a manager stop or a host's lost answer (" + how + ")"
                + (dropped.isEmpty() ? "" : "; it holds %d of its %d disk(s): the others never ran on their overlay".formatted(kept.size(), fates.size()));
        tx.executeWithoutResult(st -> {
            if (kept.isEmpty()) {
                snapshots.delete(s.id());
                return;
            }
            kept.forEach(f -> plans.recordTaken(s.id(), f.planned().overlay()));
            plans.drop(s.id());
            snapshots.changeStatus(s.id(), SnapshotStatus.Locked, SnapshotStatus.OK, reason);
        });
        List<String> strays = removeFiles(dropped);
        String left = strays.isEmpty() ? "" : "; overlay(s) left on the storage to remove by hand: " + String.join(", ", strays);
        if (vm == null) {
            return;
        }
        if (kept.isEmpty()) {
            events.warning(SnapshotActions.ref(vm), ("Snapshot '%s' of VM %s, cut by a manager stop or a host's lost answer, is rolled back: %s"
                    + " and no disk runs on its overlay%s").formatted(s.description(), vmName, how, left));
        } else {
            events.warning(SnapshotActions.ref(vm), "Snapshot '%s' of VM %s, cut by a manager stop or a host's lost answer, is taken: %s; %d disk(s) now run on its overlay%s"
                    .formatted(s.description(), vmName, how, kept.size(), left));
        }
    }

    /** The overlays of the disks rolled back (absent is fine: the host may never have made them); answers those left behind. */
    private List<String> removeFiles(List<Fate> dropped) {
        List<String> strays = new ArrayList<>();
        for (Fate f : dropped) {
            Optional<StorageDomain> domain = domains.find(f.planned().domainId());
            StorageAnswer a = domain.map(d -> calls.remove(hosts.forDomain(d), d, f.planned().overlay()))
                    .orElse(StorageAnswer.failed("NOT_FOUND", "its storage domain is gone"));
            if (!a.ok()) {
                strays.add(f.planned().volumeId() + " (" + a.message() + ")");
            }
        }
        return strays;
    }
}
