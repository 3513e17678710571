package dev.flotilla.manager.storage;

import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.api.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Disks and their attachments to VMs. */
@Repository
public class DiskRepository {

    private final JdbcClient jdbc;

    DiskRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String WHERE = """
             where (cast(:domain as uuid) is null or storage_domain_id = :domain)
               and (cast(:name as varchar) is null or name = :name)""";

    public ListResponse<Disk> list(UUID storageDomainId, String name, PageRequest page) {
        var items = jdbc.sql("select * from disk " + WHERE + " order by name limit :l offset :o").param("domain", storageDomainId)
                .param("name", name).param("l", page.size()).param("o", page.offset()).query(DiskRepository::map).list();
        long total = jdbc.sql("select count(*) from disk " + WHERE).param("domain", storageDomainId).param("name", name)
                .query(Long.class).single();
        return new ListResponse<>(items, total);
    }

    public Optional<Disk> find(UUID id) {
        return jdbc.sql("select * from disk where id = :id").param("id", id).query(DiskRepository::map).optional();
    }

    public Disk get(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("disk", id));
    }

    public Optional<Disk> findByName(String name) {
        return jdbc.sql("select * from disk where name = :n").param("n", name).query(DiskRepository::map).optional();
    }

    public long countOnDomain(UUID storageDomainId) {
        return jdbc.sql("select count(*) from disk where storage_domain_id = :d").param("d", storageDomainId).query(Long.class).single();
    }

    /** The LUNs of an iSCSI domain that disks use (or are being made on). */
    Set<Integer> usedLuns(UUID storageDomainId) {
        return new HashSet<>(jdbc.sql("select lun from disk where storage_domain_id = :d and lun is not null"
                        + " union select lun from lun_claim where storage_domain_id = :d")
                .param("d", storageDomainId).query(Integer.class).list());
    }

    /** Takes a LUN for a disk moving onto it (see {@code lun_claim}); false when another disk holds it. */
    boolean claimLun(UUID storageDomainId, int lun, UUID diskId) {
        return jdbc.sql("insert into lun_claim (storage_domain_id, lun, disk_id) values (:d, :l, :k) on conflict do nothing")
                .param("d", storageDomainId).param("l", lun).param("k", diskId).update() == 1;
    }

    /** Gives back the LUNs a disk's move had taken. */
    void releaseLunClaims(UUID diskId) {
        jdbc.sql("delete from lun_claim where disk_id = :k").param("k", diskId).update();
    }

    /** Gives back one LUN a disk's move had taken (not a claim a later move of it holds). */
    void releaseLunClaim(UUID storageDomainId, int lun, UUID diskId) {
        jdbc.sql("delete from lun_claim where storage_domain_id = :d and lun = :l and disk_id = :k").param("d", storageDomainId)
                .param("l", lun).param("k", diskId).update();
    }

    /** The LUN of {@code storageDomainId} a disk's move claimed, if it holds one there. */
    Optional<Integer> claimedLun(UUID storageDomainId, UUID diskId) {
        return jdbc.sql("select lun from lun_claim where storage_domain_id = :d and disk_id = :k").param("d", storageDomainId)
                .param("k", diskId).query(Integer.class).optional();
    }

    /** The disks that hold LUN claims. */
    List<UUID> claimingDisks() {
        return jdbc.sql("select distinct disk_id from lun_claim").query(UUID.class).list();
    }

    /** Disks Locked for a reason that starts with {@code reasonPrefix} (what an interrupted action left). */
    List<Disk> lockedFor(String reasonPrefix) {
        return jdbc.sql("select * from disk where status = 'Locked' and starts_with(status_reason, :p)").param("p", reasonPrefix)
                .query(DiskRepository::map).list();
    }

    /** Bytes that raw disks being made on the domain will take, not yet in its reported free space. */
    long pendingRawBytes(UUID storageDomainId) {
        return jdbc.sql("select coalesce(sum(size_bytes), 0) from disk where storage_domain_id = :d and status = 'Locked' and format = 'RAW'")
                .param("d", storageDomainId).query(Long.class).single();
    }

    void insert(Disk d) {
        jdbc.sql("""
                insert into disk(id, name, description, storage_domain_id, volume_id, lun, format, size_bytes, actual_bytes,
                                 status, status_reason)
                values (:id, :n, :d, :sd, :v, :lun, :f, :size, :actual, :s, :r)""")
                .param("id", d.id()).param("n", d.name()).param("d", d.description()).param("sd", d.storageDomainId())
                .param("v", d.volumeId()).param("lun", d.lun()).param("f", d.format().name()).param("size", d.sizeBytes())
                .param("actual", d.actualBytes()).param("s", d.status().name()).param("r", d.statusReason()).update();
    }

    /** Moves the disk from {@code expected} to {@code next}; false when it is no longer in {@code expected}. */
    boolean changeStatus(UUID id, DiskStatus expected, DiskStatus next, String reason) {
        expected.requireTransitionTo(next);
        return jdbc.sql("update disk set status = :n, status_reason = :r, version = version + 1 where id = :id and status = :e")
                .param("n", next.name()).param("r", reason).param("id", id).param("e", expected.name()).update() == 1;
    }

    /** What the host made or grew: the sizes, and the disk usable again. */
    void sized(UUID id, long sizeBytes, Long actualBytes) {
        DiskStatus.Locked.requireTransitionTo(DiskStatus.OK);
        jdbc.sql("""
                update disk set size_bytes = :size, actual_bytes = coalesce(:actual, actual_bytes), status = 'OK', status_reason = '',
                       version = version + 1 where id = :id and status = 'Locked'""")
                .param("size", sizeBytes).param("actual", actualBytes).param("id", id).update();
    }

    void delete(UUID id) {
        jdbc.sql("delete from disk where id = :id").param("id", id).update();
    }

    // ---- attachments

    public Optional<VmDisk> attachment(UUID diskId) {
        return jdbc.sql("select * from vm_disk where disk_id = :d").param("d", diskId).query(DiskRepository::mapAttachment).optional();
    }

    /** A VM's disks in the order its guest sees them: bootable first, then as attached. */
    public List<VmDisk> attachedTo(UUID vmId) {
        return jdbc.sql("select * from vm_disk where vm_id = :v order by bootable desc, attached_at, disk_id").param("v", vmId)
                .query(DiskRepository::mapAttachment).list();
    }

    /** Whether the VM's QEMU was started with its disks at their slots (V70). */
    boolean deviceLayout(UUID vmId) {
        return jdbc.sql("select device_layout from vm where id = :v").param("v", vmId).query(Boolean.class).optional().orElse(false);
    }

    /** The attachments of the disks on one domain. */
    List<VmDisk> attachmentsOnDomain(UUID storageDomainId) {
        return jdbc.sql("select vd.* from vm_disk vd join disk d on d.id = vd.disk_id where d.storage_domain_id = :sd")
                .param("sd", storageDomainId).query(DiskRepository::mapAttachment).list();
    }

    void attach(VmDisk a) {
        jdbc.sql("insert into vm_disk(disk_id, vm_id, interface, bootable, read_only, slot) values (:d, :v, :i, :b, :ro, :s)")
                .param("d", a.diskId()).param("v", a.vmId()).param("i", a.diskInterface().name()).param("b", a.bootable())
                .param("ro", a.readOnly()).param("s", a.slot()).update();
    }

    void detach(UUID diskId) {
        jdbc.sql("delete from vm_disk where disk_id = :d").param("d", diskId).update();
    }

    private static Disk map(ResultSet rs, int row) throws SQLException {
        return new Disk(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("description"),
                rs.getObject("storage_domain_id", UUID.class), rs.getObject("volume_id", UUID.class), (Integer) rs.getObject("lun"),
                DiskFormat.valueOf(rs.getString("format")), rs.getLong("size_bytes"), (Long) rs.getObject("actual_bytes"),
                DiskStatus.valueOf(rs.getString("status")), rs.getString("status_reason"), rs.getLong("version"),
                rs.getTimestamp("created_at").toInstant());
    }

    private static VmDisk mapAttachment(ResultSet rs, int row) throws SQLException {
        return new VmDisk(rs.getObject("disk_id", UUID.class), rs.getObject("vm_id", UUID.class),
                DiskInterface.valueOf(rs.getString("interface")), rs.getBoolean("bootable"), rs.getBoolean("read_only"),
                rs.getTimestamp("attached_at").toInstant(), rs.getObject("slot", Integer.class));
    }
}
