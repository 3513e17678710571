package dev.flotilla.manager.storage;

import java.time.Instant;
import java.util.UUID;

/**
 * A storage domain as the API shows it: its connection without the CHAP secret (only whether one
 * is set), and its space as a host last reported it. {@code freeBytes} of an iSCSI domain is the
 * size of its LUNs that no disk uses.
 */
public record StorageDomainResponse(UUID id, String name, String description, String type, String role, String status,
                                    String statusReason, UUID dataCenterId, UUID hostId, Nfs nfs, Iscsi iscsi, String path,
                                    Long totalBytes, Long freeBytes, Instant checkedAt, long diskCount, long version,
                                    Instant createdAt) {

    public record Nfs(String server, String export) {
    }

    public record Iscsi(String portal, String target, String chapUser, boolean chapSecretSet) {
    }

    static StorageDomainResponse of(StorageDomain d, Long freeBytes, long diskCount) {
        StorageConnection c = d.connection();
        return new StorageDomainResponse(d.id(), d.name(), d.description(), d.type().label(), d.role().label(), d.status().name(),
                d.statusReason(), d.dataCenterId(), d.hostId(),
                d.type() == StorageType.NFS ? new Nfs(c.server(), c.export()) : null,
                d.type() == StorageType.ISCSI ? new Iscsi(c.portal(), c.target(), c.chapUser(), !c.chapSecret().isEmpty()) : null,
                d.type().holdsFiles() && d.type() != StorageType.NFS ? c.path() : null,
                d.totalBytes(), freeBytes, d.checkedAt(), diskCount, d.version(), d.createdAt());
    }
}
