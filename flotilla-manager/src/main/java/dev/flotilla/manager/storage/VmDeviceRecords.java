package dev.flotilla.manager.storage;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A stopped VM's disk attachments and CD-ROM put back as another feature recorded them (a
 * snapshot's configuration, restored or previewed): the rows only. No host is asked, since the VM
 * is Down; the caller holds the VM's lock and checked each disk could be attached (OK, free, in the
 * VM's data center), which the attach action checks for a user.
 */
@Component
public class VmDeviceRecords {

    private final JdbcClient jdbc;
    private final CdromRepository cdroms;

    VmDeviceRecords(JdbcClient jdbc, CdromRepository cdroms) {
        this.jdbc = jdbc;
        this.cdroms = cdroms;
    }

    /**
     * Attaches the disk as recorded, or sets its attachment back to that: interface, bootable,
     * read-only, slot, and when it was attached — which keeps the order the guest sees the disks in.
     */
    public void put(VmDisk a) {
        jdbc.sql("""
                insert into vm_disk(disk_id, vm_id, interface, bootable, read_only, slot, attached_at)
                values (:d, :v, :i, :b, :ro, :s, coalesce(cast(:at as timestamptz), now()))
                on conflict (disk_id) do update set vm_id = excluded.vm_id, interface = excluded.interface, bootable = excluded.bootable,
                       read_only = excluded.read_only, slot = excluded.slot, attached_at = excluded.attached_at""")
                .param("d", a.diskId()).param("v", a.vmId()).param("i", a.diskInterface().name()).param("b", a.bootable())
                .param("ro", a.readOnly()).param("s", a.slot())
                .param("at", a.attachedAt() == null ? null : java.sql.Timestamp.from(a.attachedAt())).update();
    }

    /** Detaches the disk (the disk itself stays). */
    public void remove(UUID diskId) {
        jdbc.sql("delete from vm_disk where disk_id = :d").param("d", diskId).update();
    }

    /** The ISO in the VM's CD-ROM drive; null empties the drive. */
    public void cdrom(UUID vmId, UUID isoId, boolean boot) {
        if (isoId == null) {
            cdroms.eject(vmId);
        } else {
            cdroms.insert(vmId, isoId, boot);
        }
    }
}
