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
    CompletableFuture<StorageAnswer> copy(UUID hostId, StorageDomain fromDomain, Volume from, StorageDomain toDomain, Volume to,
                                          String description, DoubleConsumer progress);
}
