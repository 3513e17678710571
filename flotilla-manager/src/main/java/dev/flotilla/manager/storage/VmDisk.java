package dev.flotilla.manager.storage;

import java.time.Instant;
import java.util.UUID;

/**
 * A disk attached to a VM, and how the guest sees it.
 *
 * @param slot where its device sits in the VM's QEMU ({@link DiskSlots}); null until the VM's next start
 */
public record VmDisk(UUID diskId, UUID vmId, DiskInterface diskInterface, boolean bootable, boolean readOnly, Instant attachedAt,
                     Integer slot) {

    public VmDisk(UUID diskId, UUID vmId, DiskInterface diskInterface, boolean bootable, boolean readOnly, Instant attachedAt) {
        this(diskId, vmId, diskInterface, bootable, readOnly, attachedAt, null);
    }
}
