package dev.flotilla.manager.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A snapshot as the API shows it, with the volume that keeps its state on each disk.
 *
 * @param mergeStep     the merge step a failed delete stopped at ('' when none): a retry goes on from there
 * @param configuration the VM's configuration the snapshot kept (null for a snapshot older than kept configurations)
 */
public record SnapshotResponse(UUID id, UUID vmId, String description, String status, String statusReason, boolean live,
                               String mergeStep, Instant createdAt, List<DiskVolume> volumes, VmConfiguration configuration) {

    /** The volume of one disk holding this snapshot's state. */
    public record DiskVolume(UUID diskId, String diskName, UUID volumeId) {
    }
}
