package dev.flotilla.manager.storage;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.jobs.Jobs;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At the manager's start, puts right the offline disk moves and copies a manager that stopped
 * mid-way left behind: nobody runs their job any more (no job of this process concerns the disk),
 * and without this their disks would stay Locked and a LUN claimed by a move ({@code lun_claim})
 * would stay taken for good.
 * <ul>
 * <li>A move: the database switches a disk to its new volume only once the copy is whole, so the
 *     source is still the disk's volume: the disk is unlocked there and the LUN it claimed is free
 *     again (what was copied onto it is overwritten by the next disk made there).</li>
 * <li>A copy: the source is unlocked; the new disk, half written, is Illegal for the admin to
 *     delete, which removes what the host wrote and gives its LUN back.</li>
 * <li>A claim of no running move (whatever left it) is released. A live move's claim is left to
 *     {@link LiveMoveSettling}, which alone can tell from the VM's host whether the disk pivoted; an
 *     Illegal disk keeps its claim (the LUN may hold the data the guest wrote last) until it is deleted.</li>
 * </ul>
 * Each is an event on the disk.
 */
@Component
class DiskCopyRecovery {

    static final String CUT = "cut by a manager restart";
    private static final Logger log = LoggerFactory.getLogger(DiskCopyRecovery.class);

    private final DiskRepository disks;
    private final StorageDomainRepository domains;
    private final Jobs jobs;
    private final EventLog events;
    private final TransactionTemplate tx;

    DiskCopyRecovery(DiskRepository disks, StorageDomainRepository domains, Jobs jobs, EventLog events, TransactionTemplate tx) {
        this.disks = disks;
        this.domains = domains;
        this.jobs = jobs;
        this.events = events;
        this.tx = tx;
    }

    @EventListener(ApplicationReadyEvent.class)
    void recover() {
        for (Disk d : disks.lockedFor(DiskCopyActions.MOVING)) {
            if (!jobs.runsFor(d.id())) {
                tx.executeWithoutResult(s -> unlockMove(d));
            }
        }
        for (Disk d : disks.lockedFor(DiskCopyActions.COPYING_TO)) {
            if (!jobs.runsFor(d.id()) && disks.changeStatus(d.id(), DiskStatus.Locked, DiskStatus.OK, "")) {
                events.warning(DiskActions.ref(d), "The copy of disk %s to %s was %s; the disk is usable again, copy it again to retry"
                        .formatted(d.name(), d.statusReason().substring(DiskCopyActions.COPYING_TO.length()), CUT));
            }
        }
        for (Disk copy : disks.lockedFor(DiskCopyActions.COPYING_FROM)) {
            if (!jobs.runsFor(copy.id()) && disks.changeStatus(copy.id(), DiskStatus.Locked, DiskStatus.Illegal,
                    "its copy was %s and is incomplete: delete it".formatted(CUT))) {
                events.error(DiskActions.ref(copy), "Disk %s, %s, is incomplete: the copy was %s; delete it (that removes what was written%s)"
                        .formatted(copy.name(), copy.statusReason(), CUT, copy.lun() == null ? "" : " and frees LUN " + copy.lun()));
            }
        }
        for (UUID id : disks.claimingDisks()) {
            disks.find(id).filter(d -> !movingLive(d) && d.status() != DiskStatus.Illegal && !jobs.runsFor(d.id())).ifPresent(d -> {
                disks.releaseLunClaims(d.id());
                log.warn("LUN claims of disk {} ({}) released at start: no move of it runs", d.name(), d.id());
            });
        }
    }

    private void unlockMove(Disk d) {
        String target = d.statusReason().substring(DiskCopyActions.MOVING.length());
        String lun = domains.findByName(target).flatMap(t -> disks.claimedLun(t.id(), d.id())).map(n -> "; LUN %d of %s is free again".formatted(n, target))
                .orElse("");
        disks.releaseLunClaims(d.id());
        if (disks.changeStatus(d.id(), DiskStatus.Locked, DiskStatus.OK, "")) {
            events.warning(DiskActions.ref(d), "The move of disk %s to %s was %s; the disk stays on %s, where its volume is whole%s; move it again to retry"
                    .formatted(d.name(), target, CUT, domains.find(d.storageDomainId()).map(StorageDomain::name).orElse("its domain"), lun));
        }
    }

    private static boolean movingLive(Disk d) {
        return d.status() == DiskStatus.Locked && d.statusReason().startsWith(LiveMoveSettling.MOVING_LIVE);
    }
}
