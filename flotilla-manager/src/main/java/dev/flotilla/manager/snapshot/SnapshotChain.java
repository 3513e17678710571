package dev.flotilla.manager.snapshot;

import java.util.List;
import java.util.UUID;

/**
 * {@code GET /vms/{id}/snapshots}: the snapshots oldest first, then each disk's chain from its
 * active layer down, and the snapshot being previewed, if any.
 *
 * @param items      the snapshots, oldest first (the order of the chain)
 * @param disks      each disk's volumes, the active layer first
 * @param previewing the snapshot the VM runs from in a preview; null when none
 */
public record SnapshotChain(List<SnapshotResponse> items, long total, List<DiskChain> disks, UUID previewing) {

    /** One disk's chain: its volumes from the active one down, each with the snapshot it keeps (null: active). */
    public record DiskChain(UUID diskId, String diskName, UUID activeVolumeId, List<Layer> volumes) {
    }

    public record Layer(UUID volumeId, UUID parentId, String format, UUID snapshotId) {
    }
}
