package dev.flotilla.manager.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * A disk of a VM: the disk, and how the guest sees it.
 *
 * @param slot where its device sits in the VM's QEMU ({@link DiskSlots}); null until the VM's next start
 */
public record VmDiskResponse(UUID diskId, String name, UUID vmId, String format, long sizeBytes, String status,
                             UUID storageDomainId, String storageDomainName, @JsonProperty("interface") String diskInterface,
                             boolean bootable, boolean readOnly, Instant attachedAt, Integer slot) {

    static VmDiskResponse of(VmDisk a, Disk d, String domainName) {
        return new VmDiskResponse(d.id(), d.name(), a.vmId(), d.format().label(), d.sizeBytes(), d.status().name(),
                d.storageDomainId(), domainName, a.diskInterface().label(), a.bootable(), a.readOnly(), a.attachedAt(), a.slot());
    }
}
