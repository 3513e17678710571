package dev.flotilla.manager.snapshot;

import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.storage.DiskStatus;
import dev.flotilla.manager.storage.StorageType;
import dev.flotilla.manager.storage.VmVolumes;
import dev.flotilla.manager.storage.VolumeRepository;
import dev.flotilla.manager.vm.Vm;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Which of a VM's attached disks a snapshot operation reaches, and how. Its <em>chains</em> change
 * on some (an overlay is made, merged or dropped): those need what a chain of volumes needs — OK,
 * on a usable file domain. Others it only <em>detaches</em> (going back to a snapshot taken before
 * they were attached): a detach touches no volume, so their storage (a whole iSCSI LUN) and most
 * states do not matter. The rest it leaves alone. Before, every operation checked every attached
 * disk as a new snapshot does, so a LUN disk attached since a snapshot blocked going back to it.
 */
@Component
class SnapshotReach {

    /**
     * @param chains   disks whose volumes the operation changes
     * @param detached disks the operation detaches (kept, their volumes untouched)
     */
    record Reach(List<VmVolumes.AttachedVolume> chains, List<VmVolumes.AttachedVolume> detached) {
    }

    private final SnapshotRepository snapshots;
    private final SnapshotConfigs configs;
    private final VolumeRepository volumes;

    SnapshotReach(SnapshotRepository snapshots, SnapshotConfigs configs, VolumeRepository volumes) {
        this.snapshots = snapshots;
        this.configs = configs;
        this.volumes = volumes;
    }

    /** The reach of {@code verb} on snapshot {@code s} of a VM with the disks {@code attached}. */
    Reach of(SnapshotActions.Verb verb, Snapshot s, List<VmVolumes.AttachedVolume> attached) {
        Set<UUID> previewed = snapshots.previews(s.vmId()).stream().map(SnapshotRepository.Preview::diskId).collect(Collectors.toSet());
        return switch (verb) {
            // a merge works on the disks that hold a state of the snapshot, nothing else
            case DELETE -> new Reach(only(attached, d -> volumes.ofSnapshot(d.disk().id(), s.id()).isPresent()), List.of());
            // the disks the snapshot kept get a preview overlay; those attached since go (an older snapshot kept no disks: all stay)
            case PREVIEW, RESTORE -> configs.of(s.id()).filter(VmConfiguration::complete)
                    .map(c -> split(attached, ids(c.disks())))
                    .orElse(new Reach(attached, List.of()));
            // the preview's overlays go; a disk the VM did not have before the preview goes with them
            case UNDO -> new Reach(only(attached, d -> previewed.contains(d.disk().id())),
                    configs.savedForUndo(s.id()).map(c -> only(attached, d -> !ids(c.disks()).contains(d.disk().id()))).orElse(List.of()));
            case COMMIT -> new Reach(only(attached, d -> previewed.contains(d.disk().id())), List.of());
        };
    }

    /** 409 naming the first disk the operation cannot work on, and why. */
    static void require(Reach reach) {
        for (VmVolumes.AttachedVolume d : reach.chains()) {
            if (d.domain().type() == StorageType.ISCSI) {
                throw new ConflictException("disk %s is a whole iSCSI LUN, which holds no chain of volumes; snapshots need disks on file domains (nfs, posix, local)"
                        .formatted(d.disk().name()));
            }
            if (d.disk().status() != DiskStatus.OK) {
                throw new ConflictException("disk %s is %s".formatted(d.disk().name(), d.disk().status()));
            }
            if (!d.domain().status().isUsable()) {
                throw new ConflictException("storage domain %s of disk %s is %s".formatted(d.domain().name(), d.disk().name(), d.domain().status()));
            }
        }
        for (VmVolumes.AttachedVolume d : reach.detached()) {
            // A detach only deletes the attachment row, so an Illegal disk (its volume maybe incomplete; it can only be removed)
            // and a disk on a domain in maintenance or unreachable are detached as well: nothing is read or written on them.
            // A Locked one is not: a job works on it (made, grown, moved, copied, deleted, uploaded to) and its end is written
            // against the disk as the job found it; a live move's settling even looks for the disk on its VM. The user
            // waits for the job, as oVirt refuses to change a VM whose disk is locked.
            if (d.disk().status() == DiskStatus.Locked) {
                throw new ConflictException(("disk %s is Locked (%s): a job is working on it, and going back to the snapshot would detach it"
                        + " (it was attached after the snapshot); wait until the job ends").formatted(d.disk().name(), d.disk().statusReason()));
            }
        }
    }

    private static Reach split(List<VmVolumes.AttachedVolume> attached, Set<UUID> kept) {
        return new Reach(only(attached, d -> kept.contains(d.disk().id())), only(attached, d -> !kept.contains(d.disk().id())));
    }

    private static Set<UUID> ids(List<VmConfiguration.DiskAt> disks) {
        return disks.stream().map(VmConfiguration.DiskAt::diskId).collect(Collectors.toSet());
    }

    private static List<VmVolumes.AttachedVolume> only(List<VmVolumes.AttachedVolume> attached, Predicate<VmVolumes.AttachedVolume> p) {
        return attached.stream().filter(p).toList();
    }
}
