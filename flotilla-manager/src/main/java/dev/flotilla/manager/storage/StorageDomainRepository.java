package dev.flotilla.manager.storage;

import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.api.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Storage domains and the LUNs of iSCSI domains. */
@Repository
public class StorageDomainRepository {

    private final JdbcClient jdbc;

    StorageDomainRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public ListResponse<StorageDomain> list(UUID dataCenterId, String name, PageRequest page) {
        String where = " where (cast(:dc as uuid) is null or datacenter_id = :dc) and (cast(:n as varchar) is null or name = :n)";
        var items = jdbc.sql("select * from storage_domain" + where + " order by name limit :l offset :o").param("dc", dataCenterId)
                .param("n", name).param("l", page.size()).param("o", page.offset()).query(StorageDomainRepository::map).list();
        long total = jdbc.sql("select count(*) from storage_domain" + where).param("dc", dataCenterId).param("n", name)
                .query(Long.class).single();
        return new ListResponse<>(items, total);
    }

    public List<StorageDomain> all() {
        return jdbc.sql("select * from storage_domain order by name").query(StorageDomainRepository::map).list();
    }

    public Optional<StorageDomain> find(UUID id) {
        return jdbc.sql("select * from storage_domain where id = :id").param("id", id).query(StorageDomainRepository::map).optional();
    }

    public StorageDomain get(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("storage domain", id));
    }

    public Optional<StorageDomain> findByName(String name) {
        return jdbc.sql("select * from storage_domain where name = :n").param("n", name).query(StorageDomainRepository::map).optional();
    }

    void insert(StorageDomain d) {
        StorageConnection c = d.connection();
        jdbc.sql("""
                insert into storage_domain(id, name, description, type, role, status, status_reason, datacenter_id,
                       nfs_server, nfs_export, iscsi_portal, iscsi_target, chap_user, chap_secret, path, host_id,
                       total_bytes, free_bytes, checked_at)
                values (:id, :n, :d, :t, :r, :s, :sr, :dc, :srv, :exp, :portal, :target, :cu, :cs, :path, :h, :tb, :fb, :at)""")
                .param("id", d.id()).param("n", d.name()).param("d", d.description()).param("t", d.type().name())
                .param("r", d.role().name()).param("s", d.status().name()).param("sr", d.statusReason())
                .param("dc", d.dataCenterId()).param("srv", c.server()).param("exp", c.export()).param("portal", c.portal())
                .param("target", c.target()).param("cu", c.chapUser()).param("cs", c.chapSecret()).param("path", c.path())
                .param("h", d.hostId()).param("tb", d.totalBytes()).param("fb", d.freeBytes())
                .param("at", d.checkedAt() == null ? null : Timestamp.from(d.checkedAt())).update();
    }

    /**
     * Moves the domain from {@code expected} to {@code next}, with its data center; false when it
     * is no longer in {@code expected} (someone else moved it first).
     */
    boolean changeStatus(UUID id, StorageDomainStatus expected, StorageDomainStatus next, UUID dataCenterId, String reason) {
        expected.requireTransitionTo(next);
        return jdbc.sql("""
                update storage_domain set status = :n, status_reason = :r, datacenter_id = :dc, version = version + 1
                where id = :id and status = :e""")
                .param("n", next.name()).param("r", reason).param("dc", dataCenterId).param("id", id).param("e", expected.name())
                .update() == 1;
    }

    /**
     * The domain monitor's move of a domain between Active and Inactive (no host reaches it, or one
     * does again); false when the domain is no longer in {@code d}'s status.
     */
    public boolean changeReachability(StorageDomain d, StorageDomainStatus next, String reason) {
        if (!java.util.EnumSet.of(StorageDomainStatus.Active, StorageDomainStatus.Inactive).containsAll(List.of(d.status(), next))) {
            throw new IllegalArgumentException("the monitor moves domains between Active and Inactive only, not " + d.status() + " -> " + next);
        }
        return changeStatus(d.id(), d.status(), next, d.dataCenterId(), reason);
    }

    /** What a host just found: the space (null leaves the figure as it was) and who reached it. */
    public void recordSpace(UUID id, UUID hostId, Long totalBytes, Long freeBytes, Instant at) {
        jdbc.sql("""
                update storage_domain set host_id = coalesce(:h, host_id), total_bytes = coalesce(:tb, total_bytes),
                       free_bytes = coalesce(:fb, free_bytes), checked_at = :at where id = :id""")
                .param("h", hostId).param("tb", totalBytes).param("fb", freeBytes).param("at", Timestamp.from(at)).param("id", id)
                .update();
    }

    /** Replaces the LUNs of an iSCSI domain with what a probe listed. */
    void replaceLuns(UUID id, List<StorageAnswer.Lun> luns) {
        jdbc.sql("delete from storage_lun where storage_domain_id = :id").param("id", id).update();
        for (StorageAnswer.Lun lun : luns) {
            jdbc.sql("insert into storage_lun(storage_domain_id, lun, size_bytes) values (:id, :lun, :size)")
                    .param("id", id).param("lun", lun.number()).param("size", lun.sizeBytes()).update();
        }
    }

    public List<StorageAnswer.Lun> luns(UUID id) {
        return jdbc.sql("select lun, size_bytes from storage_lun where storage_domain_id = :id order by lun").param("id", id)
                .query((rs, row) -> new StorageAnswer.Lun(rs.getInt("lun"), rs.getLong("size_bytes"))).list();
    }

    void delete(UUID id) {
        jdbc.sql("delete from storage_domain where id = :id").param("id", id).update();
    }

    private static StorageDomain map(ResultSet rs, int row) throws SQLException {
        Timestamp checked = rs.getTimestamp("checked_at");
        return new StorageDomain(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("description"),
                StorageType.valueOf(rs.getString("type")), StorageRole.valueOf(rs.getString("role")),
                StorageDomainStatus.valueOf(rs.getString("status")), rs.getString("status_reason"),
                rs.getObject("datacenter_id", UUID.class),
                new StorageConnection(rs.getString("nfs_server"), rs.getString("nfs_export"), rs.getString("iscsi_portal"),
                        rs.getString("iscsi_target"), rs.getString("chap_user"), rs.getString("chap_secret"), rs.getString("path")),
                rs.getObject("host_id", UUID.class), (Long) rs.getObject("total_bytes"), (Long) rs.getObject("free_bytes"),
                checked == null ? null : checked.toInstant(), rs.getLong("version"), rs.getTimestamp("created_at").toInstant());
    }
}
