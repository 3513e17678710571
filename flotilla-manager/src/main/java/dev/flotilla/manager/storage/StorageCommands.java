package dev.flotilla.manager.storage;

import java.util.List;
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

    /** A new qcow2 volume over another one on the same domain: a snapshot's, a preview's, a thin VM's. */
    record Overlay(StorageDomain domain, Volume volume, Volume backing, String description) {
    }

    /**
     * Makes the overlays, all or none. {@code vmId} null: offline with qemu-img; else the VM runs on
     * the host and the overlays become its disks' active layers at once (a live snapshot).
     */
    CompletableFuture<StorageAnswer> createOverlays(UUID hostId, UUID vmId, List<Overlay> overlays);

    /**
     * Folds {@code top} into its parent {@code base}; {@code child} (the volume over top, null when
     * top is active) is pointed at base. {@code vmId} null: offline; else live on the VM's host.
     */
    CompletableFuture<StorageAnswer> mergeVolume(UUID hostId, UUID vmId, StorageDomain domain, Volume top, Volume base, Volume child);

    /** A full, flattened copy of {@code from} (read through its chain) into the new volume {@code to}, on the same domain. */
    CompletableFuture<StorageAnswer> copyVolume(UUID hostId, StorageDomain domain, Volume from, Volume to, String description);

    /** Every volume a file domain holds, with its metadata, for an import (reads only; see {@link DomainImport}). */
    CompletableFuture<DomainImport.Listing> listVolumes(UUID hostId, StorageDomain domain);

    /** Removes one volume of a disk's chain (a preview's overlay, a discarded layer); gone already is fine. */
    CompletableFuture<StorageAnswer> removeVolume(UUID hostId, StorageDomain domain, Volume volume);
}
