package dev.flotilla.manager.storage;

import java.time.Instant;
import java.util.UUID;

/**
 * A storage domain as stored.
 *
 * @param dataCenterId null while Unattached
 * @param hostId       the host that last reached it (for a local domain: its one host)
 * @param totalBytes   size as a host last reported it; null when the storage does not tell
 * @param freeBytes    free space as a host last reported it (for iSCSI: the free LUNs); null when unknown
 */
public record StorageDomain(UUID id, String name, String description, StorageType type, StorageRole role,
                            StorageDomainStatus status, String statusReason, UUID dataCenterId, StorageConnection connection,
                            UUID hostId, Long totalBytes, Long freeBytes, Instant checkedAt, long version, Instant createdAt) {

    public String describe() {
        return type.label() + " " + connection.describe(type);
    }
}
