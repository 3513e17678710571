package dev.flotilla.manager.snapshot;

import dev.flotilla.manager.api.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The snapshot and snapshot_preview tables. */
@Repository
class SnapshotRepository {

    /** One disk of a VM in preview: the preview's overlay, and the active volume set aside for an undo. */
    record Preview(UUID diskId, UUID vmId, UUID snapshotId, UUID previewVolumeId, UUID savedVolumeId) {
    }

    private final JdbcClient jdbc;

    SnapshotRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Snapshot s) {
        jdbc.sql("insert into snapshot(id, vm_id, description, status, live) values (:id, :vm, :d, :s, :live)")
                .param("id", s.id()).param("vm", s.vmId()).param("d", s.description()).param("s", s.status().name())
                .param("live", s.live()).update();
    }

    Optional<Snapshot> find(UUID id) {
        return jdbc.sql("select * from snapshot where id = :id").param("id", id).query(SnapshotRepository::map).optional();
    }

    Snapshot get(UUID vmId, UUID id) {
        return find(id).filter(s -> s.vmId().equals(vmId)).orElseThrow(() -> new NotFoundException("snapshot", id));
    }

    /** Oldest first: the order of the chain. */
    List<Snapshot> ofVm(UUID vmId) {
        return jdbc.sql("select * from snapshot where vm_id = :vm order by created_at, id").param("vm", vmId).query(SnapshotRepository::map).list();
    }

    List<Snapshot> locked() {
        return jdbc.sql("select * from snapshot where status = 'Locked'").query(SnapshotRepository::map).list();
    }

    /** Moves the snapshot from {@code from} to {@code to}; false when it was not in {@code from} (someone else got there first). */
    boolean changeStatus(UUID id, SnapshotStatus from, SnapshotStatus to, String reason) {
        from.requireTransitionTo(to);
        return jdbc.sql("update snapshot set status = :to, status_reason = :r where id = :id and status = :from")
                .param("to", to.name()).param("r", reason).param("id", id).param("from", from.name()).update() == 1;
    }

    /** Whether any volume keeps this snapshot's state (a snapshot still being made has none). */
    boolean hasVolumes(UUID id) {
        return jdbc.sql("select count(*) from volume where snapshot_id = :id").param("id", id).query(Long.class).single() > 0;
    }

    void reason(UUID id, String reason) {
        jdbc.sql("update snapshot set status_reason = :r where id = :id and status = 'Locked'").param("r", reason).param("id", id).update();
    }

    void mergeStep(UUID id, String step) {
        jdbc.sql("update snapshot set merge_step = :s where id = :id").param("s", step).param("id", id).update();
    }

    void delete(UUID id) {
        jdbc.sql("delete from snapshot where id = :id").param("id", id).update();
    }

    void insertPreview(Preview p) {
        jdbc.sql("""
                insert into snapshot_preview(disk_id, vm_id, snapshot_id, preview_volume_id, saved_volume_id)
                values (:d, :vm, :s, :p, :saved)""")
                .param("d", p.diskId()).param("vm", p.vmId()).param("s", p.snapshotId()).param("p", p.previewVolumeId())
                .param("saved", p.savedVolumeId()).update();
    }

    List<Preview> previews(UUID vmId) {
        return jdbc.sql("select * from snapshot_preview where vm_id = :vm").param("vm", vmId)
                .query((rs, n) -> new Preview(rs.getObject("disk_id", UUID.class), rs.getObject("vm_id", UUID.class),
                        rs.getObject("snapshot_id", UUID.class), rs.getObject("preview_volume_id", UUID.class),
                        rs.getObject("saved_volume_id", UUID.class))).list();
    }

    void deletePreviews(UUID vmId) {
        jdbc.sql("delete from snapshot_preview where vm_id = :vm").param("vm", vmId).update();
    }

    private static Snapshot map(ResultSet rs, int row) throws SQLException {
        return new Snapshot(rs.getObject("id", UUID.class), rs.getObject("vm_id", UUID.class), rs.getString("description"),
                SnapshotStatus.valueOf(rs.getString("status")), rs.getString("status_reason"), rs.getBoolean("live"),
                rs.getString("merge_step"), rs.getTimestamp("created_at").toInstant());
    }
}
