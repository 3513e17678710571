package dev.flotilla.manager.snapshot;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The snapshot_clone table: the clones under way, each the new VM and the disks made for it. */
@Repository
class CloneRecords {

    /** A clone under way: the new VM and its disks, not attached until all are copied. */
    record Pending(UUID vmId, List<UUID> diskIds) {
    }

    private final JdbcClient jdbc;

    CloneRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void begin(Pending p) {
        jdbc.sql("insert into snapshot_clone(vm_id, disk_ids) values (:vm, cast(:disks as uuid[]))").param("vm", p.vmId())
                .param("disks", p.diskIds().stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"))).update();
    }

    void end(UUID vmId) {
        jdbc.sql("delete from snapshot_clone where vm_id = :vm").param("vm", vmId).update();
    }

    List<Pending> all() {
        return jdbc.sql("select vm_id, disk_ids from snapshot_clone").query((rs, n) -> new Pending(rs.getObject("vm_id", UUID.class),
                Arrays.stream((Object[]) rs.getArray("disk_ids").getArray()).map(o -> (UUID) o).toList())).list();
    }
}
