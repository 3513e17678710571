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
                                    Instant createdAt, java.util.List<HostCheck> monitor,
                                    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                                    DomainImport.Result imported) {

    /**
     * One host's monitor of this domain, as its last heartbeat said (shown for one domain, null in lists).
     *
     * @param invalidSince when the host began reporting the domain invalid; null while valid
     */
    public record HostCheck(UUID hostId, String hostName, boolean checked, boolean valid, long lastCheckDelayMs,
                            long lastCheckAgeMs, String error, Instant invalidSince, Instant reportedAt) {
    }

    StorageDomainResponse withMonitor(java.util.List<HostCheck> checks) {
        return new StorageDomainResponse(id, name, description, type, role, status, statusReason, dataCenterId, hostId, nfs,
                iscsi, path, totalBytes, freeBytes, checkedAt, diskCount, version, createdAt, checks, imported);
    }

    /** The domain as an import left it: how many disks it registered, and those it skipped with why. */
    StorageDomainResponse withImport(DomainImport.Result result) {
        return new StorageDomainResponse(id, name, description, type, role, status, statusReason, dataCenterId, hostId, nfs,
                iscsi, path, totalBytes, freeBytes, checkedAt, diskCount, version, createdAt, monitor, result);
    }

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
                d.totalBytes(), freeBytes, d.checkedAt(), diskCount, d.version(), d.createdAt(), null, null);
    }
}
