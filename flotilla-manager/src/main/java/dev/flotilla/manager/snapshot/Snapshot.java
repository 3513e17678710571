package dev.flotilla.manager.snapshot;

import java.time.Instant;
import java.util.UUID;

/**
 * A snapshot as stored.
 *
 * @param mergeStep the merge step under way or cut short ('' when none): what a retried delete goes on from
 */
public record Snapshot(UUID id, UUID vmId, String description, SnapshotStatus status, String statusReason, boolean live,
                       String mergeStep, Instant createdAt) {
}
