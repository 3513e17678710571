package dev.flotilla.manager.storage;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Disk hot-plug on a running VM's host (implemented by the agent link). */
public interface DiskPlugCommands {

    record PlugAnswer(boolean ok, String message) {
    }

    /** Adds the disk to the running VM; answered once QEMU has the device. */
    CompletableFuture<PlugAnswer> plug(UUID hostId, UUID vmId, VmVolumes.AttachedVolume disk);

    /** Removes the disk from the running VM; answered once the guest released it. */
    CompletableFuture<PlugAnswer> unplug(UUID hostId, UUID vmId, UUID diskId);
}
