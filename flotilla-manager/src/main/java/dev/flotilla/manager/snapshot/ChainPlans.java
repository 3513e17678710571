package dev.flotilla.manager.snapshot;

import dev.flotilla.manager.storage.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What to do to a disk's chain, as pure functions of the chain (active volume first): which
 * volume folds into which when a snapshot is deleted, which volumes a committed preview discards.
 */
final class ChainPlans {

    private ChainPlans() {
    }

    /**
     * Deleting a snapshot folds the volume over the snapshot's one (top) into it (base): base then
     * keeps what top kept, and the volume over top (child; none when top is active) reads from base.
     *
     * @param top   the volume that goes away
     * @param base  the snapshot's volume, which stays and takes top's place
     * @param child the volume over top, null when top is the active one
     */
    record Merge(UUID diskId, Volume top, Volume base, Volume child) {

        boolean topIsActive() {
            return child == null;
        }
    }

    /** The merge that deletes snapshot {@code snapshotId} from this chain; empty when the disk holds no state of it. */
    static Optional<Merge> merge(List<Volume> chain, UUID snapshotId) {
        for (int i = 1; i < chain.size(); i++) {
            if (snapshotId.equals(chain.get(i).snapshotId())) {
                Volume base = chain.get(i);
                Volume top = chain.get(i - 1);
                return Optional.of(new Merge(base.diskId(), top, base, i >= 2 ? chain.get(i - 2) : null));
            }
        }
        return Optional.empty();
    }

    /**
     * The volumes above the snapshot's volume in a chain, active first: what a restore (or a
     * committed preview) drops, since the VM goes on from the snapshot's state.
     */
    static List<Volume> above(List<Volume> chain, UUID snapshotVolumeId) {
        List<Volume> above = new ArrayList<>();
        for (Volume v : chain) {
            if (v.id().equals(snapshotVolumeId)) {
                return above;
            }
            above.add(v);
        }
        throw new IllegalArgumentException("volume " + snapshotVolumeId + " is not in the chain");
    }

    /** The snapshots whose state lives in {@code volumes}. */
    static List<UUID> snapshotsIn(List<Volume> volumes) {
        return volumes.stream().map(Volume::snapshotId).filter(s -> s != null).distinct().toList();
    }
}
