package dev.flotilla.manager.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The volume chains of disks. A disk with no rows is a chain of its one volume; {@link #chain}
 * answers that too, so callers never need to know whether a disk ever had a snapshot.
 */
@Repository
public class VolumeRepository {

    private final JdbcClient jdbc;
    private final DiskRepository disks;

    VolumeRepository(JdbcClient jdbc, DiskRepository disks) {
        this.jdbc = jdbc;
        this.disks = disks;
    }

    public Optional<Volume> find(UUID id) {
        return jdbc.sql("select * from volume where id = :id").param("id", id).query(VolumeRepository::map).optional();
    }

    /** The disk's active volume and everything under it, active first. */
    public List<Volume> chain(UUID diskId) {
        Disk disk = disks.get(diskId);
        List<Volume> chain = new ArrayList<>();
        Optional<Volume> at = find(disk.volumeId());
        if (at.isEmpty()) {
            return List.of(new Volume(disk.volumeId(), diskId, null, disk.format(), null));
        }
        while (at.isPresent() && chain.size() < 1000) {
            chain.add(at.get());
            at = at.get().parentId() == null ? Optional.empty() : find(at.get().parentId());
        }
        return chain;
    }

    /** Records the disk's one volume as the base of a chain, if it is not recorded yet. */
    public void recordBase(Disk disk) {
        jdbc.sql("insert into volume(id, disk_id, format) values (:id, :d, :f) on conflict (id) do nothing")
                .param("id", disk.volumeId()).param("d", disk.id()).param("f", disk.format().label()).update();
    }

    public void insert(Volume v) {
        jdbc.sql("insert into volume(id, disk_id, parent_id, format, snapshot_id) values (:id, :d, :p, :f, :s)")
                .param("id", v.id()).param("d", v.diskId()).param("p", v.parentId()).param("f", v.format().label())
                .param("s", v.snapshotId()).update();
    }

    public void setSnapshot(UUID volumeId, UUID snapshotId) {
        jdbc.sql("update volume set snapshot_id = :s where id = :id").param("s", snapshotId).param("id", volumeId).update();
    }

    public void setParent(UUID volumeId, UUID parentId) {
        jdbc.sql("update volume set parent_id = :p where id = :id").param("p", parentId).param("id", volumeId).update();
    }

    public void delete(UUID volumeId) {
        jdbc.sql("delete from volume where id = :id").param("id", volumeId).update();
    }

    /** The disk's volume holding snapshot {@code snapshotId}'s state, if the disk has one. */
    public Optional<Volume> ofSnapshot(UUID diskId, UUID snapshotId) {
        return jdbc.sql("select * from volume where disk_id = :d and snapshot_id = :s").param("d", diskId).param("s", snapshotId)
                .query(VolumeRepository::map).optional();
    }

    /**
     * Every volume recorded for the disk (its chain, a volume set aside by a preview): what deleting
     * the disk removes. A template's volume under a thin disk belongs to the template's disk.
     */
    public List<Volume> ofDisk(UUID diskId) {
        return jdbc.sql("select * from volume where disk_id = :d order by created_at desc").param("d", diskId)
                .query(VolumeRepository::map).list();
    }

    /** The volumes whose backing is {@code volumeId}. */
    public List<Volume> children(UUID volumeId) {
        return jdbc.sql("select * from volume where parent_id = :p").param("p", volumeId).query(VolumeRepository::map).list();
    }

    /** Makes {@code volumeId} the disk's active volume (the one a VM writes). */
    public void activate(UUID diskId, UUID volumeId, DiskFormat format) {
        jdbc.sql("update disk set volume_id = :v, format = :f, version = version + 1 where id = :d")
                .param("v", volumeId).param("f", format.name()).param("d", diskId).update();   // the disk table keeps the enum name
    }

    private static Volume map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Volume(rs.getObject("id", UUID.class), rs.getObject("disk_id", UUID.class), rs.getObject("parent_id", UUID.class),
                DiskFormat.parse(rs.getString("format")).orElseThrow(), rs.getObject("snapshot_id", UUID.class));
    }
}
