package dev.flotilla.manager.storage;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Disk rows made and removed by other features whose volumes a host makes out of other volumes
 * (a template's copies, a thin or cloned VM's disks), and the rule that a template's disk is the
 * template's: it is never attached to a VM nor deleted on its own.
 */
@Component
public class DiskRecords {

    private final DiskRepository disks;
    private final JdbcClient jdbc;

    DiskRecords(DiskRepository disks, JdbcClient jdbc) {
        this.disks = disks;
        this.jdbc = jdbc;
    }

    /** Records a new disk, Locked until its volume is made. */
    public Disk locked(UUID id, String name, String description, UUID storageDomainId, UUID volumeId, long sizeBytes) {
        disks.insert(new Disk(id, name, description, storageDomainId, volumeId, null, DiskFormat.QCOW2, sizeBytes, null, DiskStatus.Locked,
                "being made", 0, null));
        return disks.get(id);
    }

    /** The host made the volume: its sizes, and the disk OK. */
    public void made(UUID id, long sizeBytes, Long actualBytes) {
        disks.sized(id, sizeBytes, actualBytes);
    }

    public void delete(UUID id) {
        disks.delete(id);
    }

    /** The template a disk belongs to, if it is a template's. */
    public Optional<String> templateOf(UUID diskId) {
        return jdbc.sql("select t.name from template_disk d join template t on t.id = d.template_id where d.disk_id = :d")
                .param("d", diskId).query(String.class).optional();
    }
}
