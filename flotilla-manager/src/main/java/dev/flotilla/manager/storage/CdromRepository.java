package dev.flotilla.manager.storage;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The ISO in each VM's CD-ROM drive ({@code vm_cdrom}). */
@Repository
class CdromRepository {

    private final JdbcClient jdbc;

    CdromRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<VmCdrom> of(UUID vmId) {
        return jdbc.sql("select c.vm_id, c.disk_id, d.name, c.boot from vm_cdrom c join disk d on d.id = c.disk_id where c.vm_id = :v")
                .param("v", vmId)
                .query((rs, i) -> new VmCdrom(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getBoolean(4)))
                .optional();
    }

    java.util.List<UUID> usersOf(UUID isoId) {
        return jdbc.sql("select vm_id from vm_cdrom where disk_id = :d").param("d", isoId).query(UUID.class).list();
    }

    void insert(UUID vmId, UUID isoId, boolean boot) {
        jdbc.sql("""
                insert into vm_cdrom(vm_id, disk_id, boot) values (:v, :d, :b)
                on conflict (vm_id) do update set disk_id = excluded.disk_id, boot = excluded.boot""")
                .param("v", vmId).param("d", isoId).param("b", boot).update();
    }

    void eject(UUID vmId) {
        jdbc.sql("delete from vm_cdrom where vm_id = :v").param("v", vmId).update();
    }
}
