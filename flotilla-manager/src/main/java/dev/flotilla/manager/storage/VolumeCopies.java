package dev.flotilla.manager.storage;

import java.util.concurrent.CompletableFuture;
import java.util.UUID;
import java.util.function.DoubleConsumer;

/** Volume copies between storage domains with their progress (implemented by the agent link). */
public interface VolumeCopies {

    /**
     * A full, flattened copy of {@code from} (read through its chain) on {@code fromDomain} into the new
     * volume {@code to} on {@code toDomain}; {@code progress} hears the percent done while it runs.
     */
    default CompletableFuture<StorageAnswer> copy(UUID hostId, StorageDomain fromDomain, Volume from, StorageDomain toDomain, Volume to,
                                                  String description, DoubleConsumer progress) {
        return copy(hostId, new Place(fromDomain, from, null), new Place(toDomain, to, null), description, progress);
    }

    /**
     * The same, where either side may be an iSCSI LUN: off a LUN the disk is read in its format,
     * onto one it is written in its format once the host found that the LUN holds it.
     */
    CompletableFuture<StorageAnswer> copy(UUID hostId, Place from, Place to, String description, DoubleConsumer progress);

    /** A volume on its domain; {@code lun} is the LUN it is on an iSCSI domain (null on file domains). */
    record Place(StorageDomain domain, Volume volume, Integer lun) {
    }

    /**
     * A live move of disk {@code diskId} of the VM running on the host: its chain ({@code volumes},
     * active first) is made again, same ids, on {@code toDomain} and the guest pivots onto it; the
     * source volumes are left for the caller to remove. Failed or cancelled, the VM runs on the source.
     * A disk on iSCSI is one volume on a LUN: {@code fromLun} / {@code toLun} (null on file domains).
     */
    CompletableFuture<StorageAnswer> liveMove(UUID hostId, UUID vmId, UUID diskId, StorageDomain fromDomain, Integer fromLun,
                                              StorageDomain toDomain, Integer toLun, java.util.List<Volume> volumes, String description,
                                              DoubleConsumer progress);

    /** Asks the host to stop the live move of the disk; the move then answers as failed. */
    CompletableFuture<StorageAnswer> cancelLiveMove(UUID hostId, UUID vmId, UUID diskId);
}
