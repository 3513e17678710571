package dev.flotilla.manager.snapshot;

import dev.flotilla.manager.vm.Vm;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The VM's configuration kept with each snapshot ({@link VmConfiguration}, the {@code snapshot.configuration}
 * document), recorded when the snapshot is taken, and the VM's own configuration set aside while
 * it previews a snapshot. Snapshots taken before whole configurations were kept answer what the
 * V38 columns hold (CPUs, memory, boot); those older than that answer nothing.
 */
@Repository
class SnapshotConfigs {

    // a document written by a newer manager may carry fields this one does not know: they are skipped, not fatal
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final JdbcClient jdbc;

    SnapshotConfigs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(UUID snapshotId, VmConfiguration c) {
        jdbc.sql("update snapshot set configuration = cast(:c as jsonb) where id = :id").param("c", JSON.writeValueAsString(c))
                .param("id", snapshotId).update();
    }

    /** Empty for a snapshot taken before configurations were kept. */
    Optional<VmConfiguration> of(UUID snapshotId) {
        return jdbc.sql("""
                select configuration::text, vm_cpus, vm_memory_mib, vm_boot_kernel, vm_boot_initrd, vm_boot_cmdline from snapshot
                where id = :id and (configuration is not null or vm_cpus is not null)""")
                .param("id", snapshotId)
                .query((rs, row) -> {
                    String document = rs.getString(1);
                    if (document != null) {
                        return JSON.readValue(document, VmConfiguration.class);
                    }
                    return VmConfiguration.partial(rs.getInt(2), rs.getLong(3), new Vm.Boot(rs.getString(4), rs.getString(5), rs.getString(6)));
                })
                .optional();
    }

    /** The VM's configuration before it took the snapshot's for a preview: what an undo gives back. */
    void saveForUndo(UUID snapshotId, VmConfiguration before) {
        jdbc.sql("update snapshot set preview_saved_configuration = cast(:c as jsonb) where id = :id")
                .param("c", JSON.writeValueAsString(before)).param("id", snapshotId).update();
    }

    Optional<VmConfiguration> savedForUndo(UUID snapshotId) {
        return jdbc.sql("select preview_saved_configuration::text from snapshot where id = :id and preview_saved_configuration is not null")
                .param("id", snapshotId).query(String.class).optional().map(d -> JSON.readValue(d, VmConfiguration.class));
    }

    void dropSaved(UUID snapshotId) {
        jdbc.sql("update snapshot set preview_saved_configuration = null where id = :id").param("id", snapshotId).update();
    }
}
