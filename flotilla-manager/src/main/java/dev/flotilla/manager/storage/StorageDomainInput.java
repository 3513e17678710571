package dev.flotilla.manager.storage;

import java.util.UUID;

/**
 * Body of {@code POST /storagedomains}. Give the block of the domain's type: {@code nfs},
 * {@code iscsi}, or {@code path} (posix, local). {@code dataCenterId} defaults to the data center
 * named Default; {@code hostId} picks the host that checks the storage (default: any Up host of
 * the data center; a local domain's only host).
 */
public record StorageDomainInput(String name, String description, String type, String role, UUID dataCenterId, UUID hostId,
                                 NfsInput nfs, IscsiInput iscsi, String path) {

    public record NfsInput(String server, String export) {
    }

    /** {@code chapUser} and {@code chapSecret} together, or neither. */
    public record IscsiInput(String portal, String target, String chapUser, String chapSecret) {
    }
}
