package dev.flotilla.manager.storage;

import java.time.Instant;
import java.util.UUID;

/** A disk as the API shows it, with its domain's name and the VM it is attached to, if any. */
public record DiskResponse(UUID id, String name, String description, UUID storageDomainId, String storageDomainName,
                           UUID volumeId, Integer lun, String format, long sizeBytes, Long actualBytes, String status,
                           String statusReason, UUID vmId, String vmName, long version, Instant createdAt) {

    static DiskResponse of(Disk d, String domainName, UUID vmId, String vmName) {
        return new DiskResponse(d.id(), d.name(), d.description(), d.storageDomainId(), domainName, d.volumeId(), d.lun(),
                d.format().label(), d.sizeBytes(), d.actualBytes(), d.status().name(), d.statusReason(), vmId, vmName,
                d.version(), d.createdAt());
    }
}
