package dev.flotilla.manager.storage;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What the storage feature asks of a host's agent. Implemented by the agent link; a future
 * completes when the agent answers (with ok or its reason), or fails when the host is not
 * connected.
 */
public interface StorageCommands {

    /** Can the host reach the domain? Reads only; answers size, free space and iSCSI LUNs. */
    CompletableFuture<StorageAnswer> probe(UUID hostId, StorageDomain domain);

    CompletableFuture<StorageAnswer> createVolume(UUID hostId, StorageDomain domain, Disk disk);

    CompletableFuture<StorageAnswer> resizeVolume(UUID hostId, StorageDomain domain, Disk disk, long sizeBytes);

    /** Removes the disk's volume; a volume already gone is not an error. */
    CompletableFuture<StorageAnswer> deleteVolume(UUID hostId, StorageDomain domain, Disk disk);
}
