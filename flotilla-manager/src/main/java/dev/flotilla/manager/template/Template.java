package dev.flotilla.manager.template;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A template as stored and shown: the VM configuration it keeps and its disks, in the order a guest sees them. */
public record Template(UUID id, String name, String description, String status, String statusReason, UUID clusterId, int cpus,
                       long memoryMiB, String kernel, String initrd, String cmdline, UUID sourceVmId, Instant createdAt,
                       List<TemplateDisk> disks) {

    /** One disk of a template: a disk row no VM attaches, and how a VM made from it attaches its copy. */
    public record TemplateDisk(int position, UUID diskId, String diskName, UUID volumeId, UUID storageDomainId, long sizeBytes,
                               String diskInterface, boolean bootable, boolean readOnly) {
    }
}
