package dev.flotilla.manager.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/**
 * Body of {@code POST /storagedomains}. Give the block of the domain's type: {@code nfs},
 * {@code iscsi}, or {@code path} (posix, local). {@code dataCenterId} defaults to the data center
 * named Default; {@code hostId} picks the host that checks the storage (default: any Up host of
 * the data center; a local domain's only host). {@code "import": true} adds a file domain another
 * (or a lost) manager made and registers the disks found on it ({@link DomainImport}).
 */
public record StorageDomainInput(String name, String description, String type, String role, UUID dataCenterId, UUID hostId,
                                 NfsInput nfs, IscsiInput iscsi, String path,
                                 @JsonProperty("import") Boolean importDisks) {

    public StorageDomainInput(String name, String description, String type, String role, UUID dataCenterId, UUID hostId,
                              NfsInput nfs, IscsiInput iscsi, String path) {
        this(name, description, type, role, dataCenterId, hostId, nfs, iscsi, path, null);
    }

    boolean importing() {
        return Boolean.TRUE.equals(importDisks);
    }

    public record NfsInput(String server, String export) {
    }

    /** {@code chapUser} and {@code chapSecret} together, or neither. */
    public record IscsiInput(String portal, String target, String chapUser, String chapSecret) {
    }
}
