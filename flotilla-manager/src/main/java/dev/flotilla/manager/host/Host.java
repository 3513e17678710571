package dev.flotilla.manager.host;

import java.time.Instant;
import java.util.UUID;

/** A host as stored. */
public record Host(UUID id, UUID clusterId, String name, HostStatus status, String statusReason, HostFacts facts,
                   String csrPem, long version, Instant createdAt) {

    public Host withStatus(HostStatus next, String reason) {
        return new Host(id, clusterId, name, next, reason, facts, csrPem, version, createdAt);
    }
}
