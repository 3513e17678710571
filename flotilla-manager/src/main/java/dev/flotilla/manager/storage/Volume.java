package dev.flotilla.manager.storage;

import java.util.UUID;

/**
 * One volume of a disk's chain.
 *
 * @param parentId   the backing volume, null for a base
 * @param snapshotId the snapshot whose state this volume keeps; null for the active volume (or a preview's)
 */
public record Volume(UUID id, UUID diskId, UUID parentId, DiskFormat format, UUID snapshotId) {
}
