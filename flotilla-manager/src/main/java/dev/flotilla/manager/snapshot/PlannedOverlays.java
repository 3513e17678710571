package dev.flotilla.manager.snapshot;

import dev.flotilla.manager.storage.DiskFormat;
import dev.flotilla.manager.storage.DiskRepository;
import dev.flotilla.manager.storage.StorageCommands;
import dev.flotilla.manager.storage.Volume;
import dev.flotilla.manager.storage.VolumeRepository;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The overlays a snapshot being made asked its host for (table snapshot_planned_overlay), written
 * before the host is asked: a live snapshot whose answer was never recorded can then be settled
 * from what QEMU runs on instead of being dropped while the guest writes into an overlay nobody
 * knows. Also where a taken overlay is recorded into its disk's chain, for the normal path and
 * for the settling alike, so both record it the same way.
 */
@Component
class PlannedOverlays {

    /** One disk's planned overlay: the new volume and the active volume it is made on. */
    record Planned(UUID snapshotId, UUID diskId, UUID volumeId, UUID backingId, UUID domainId) {

        Volume overlay() {
            return new Volume(volumeId, diskId, backingId, DiskFormat.QCOW2, null);
        }
    }

    private final JdbcClient jdbc;
    private final VolumeRepository volumes;
    private final DiskRepository disks;

    PlannedOverlays(JdbcClient jdbc, VolumeRepository volumes, DiskRepository disks) {
        this.jdbc = jdbc;
        this.volumes = volumes;
        this.disks = disks;
    }

    void plan(UUID snapshotId, List<StorageCommands.Overlay> overlays) {
        for (StorageCommands.Overlay o : overlays) {
            jdbc.sql("""
                    insert into snapshot_planned_overlay(snapshot_id, disk_id, volume_id, backing_id, domain_id)
                    values (:s, :d, :v, :b, :dom)""")
                    .param("s", snapshotId).param("d", o.volume().diskId()).param("v", o.volume().id()).param("b", o.backing().id())
                    .param("dom", o.domain().id()).update();
        }
    }

    List<Planned> of(UUID snapshotId) {
        return jdbc.sql("select * from snapshot_planned_overlay where snapshot_id = :s order by disk_id").param("s", snapshotId)
                .query((rs, n) -> new Planned(rs.getObject("snapshot_id", UUID.class), rs.getObject("disk_id", UUID.class),
                        rs.getObject("volume_id", UUID.class), rs.getObject("backing_id", UUID.class), rs.getObject("domain_id", UUID.class)))
                .list();
    }

    /** Snapshots still Locked with overlays planned: at a manager's start, the ones an earlier process never recorded. */
    List<UUID> lockedWithPlans() {
        return jdbc.sql("""
                select distinct p.snapshot_id from snapshot_planned_overlay p join snapshot s on s.id = p.snapshot_id
                where s.status = 'Locked'""").query(UUID.class).list();
    }

    boolean hasPlans(UUID snapshotId) {
        return jdbc.sql("select count(*) from snapshot_planned_overlay where snapshot_id = :s").param("s", snapshotId).query(Long.class).single() > 0;
    }

    void drop(UUID snapshotId) {
        jdbc.sql("delete from snapshot_planned_overlay where snapshot_id = :s").param("s", snapshotId).update();
    }

    /** In the caller's transaction: the overlay becomes its disk's active volume, the volume under it keeps the snapshot's state. */
    void recordTaken(UUID snapshotId, Volume overlay) {
        volumes.recordBase(disks.get(overlay.diskId()));
        volumes.setSnapshot(overlay.parentId(), snapshotId);
        volumes.insert(overlay);
        volumes.activate(overlay.diskId(), overlay.id(), DiskFormat.QCOW2);
    }
}
