package dev.flotilla.manager.storage;

import java.util.UUID;

/**
 * What is in a VM's CD-ROM drive (every VM has one): an ISO image of an iso domain, or nothing.
 *
 * @param boot the VM boots from the CD before its disks
 */
public record VmCdrom(UUID vmId, UUID isoId, String isoName, boolean boot) {

    /** Body of {@code PUT /api/v1/vms/{id}/cdrom}. */
    public record Input(UUID isoId, Boolean boot) {
    }
}
