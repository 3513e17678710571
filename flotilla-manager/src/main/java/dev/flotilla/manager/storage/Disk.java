package dev.flotilla.manager.storage;

import java.time.Instant;
import java.util.UUID;

/**
 * A disk as stored: one volume on a storage domain (snapshots will add more).
 *
 * @param lun         the LUN the disk is, on an iSCSI domain; null on file domains
 * @param sizeBytes   what the guest sees
 * @param actualBytes what it takes on its domain, when known
 */
public record Disk(UUID id, String name, String description, UUID storageDomainId, UUID volumeId, Integer lun,
                   DiskFormat format, long sizeBytes, Long actualBytes, DiskStatus status, String statusReason,
                   long version, Instant createdAt) {
}
