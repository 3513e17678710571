package dev.flotilla.manager.storage;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Live CD changes on a VM's host (implemented by the agent link). */
public interface CdromCommands {

    record CdromAnswer(boolean ok, String message) {
    }

    /** Insert {@code iso} into the running VM's drive, or eject when empty. */
    CompletableFuture<CdromAnswer> changeCdrom(UUID hostId, UUID vmId, Optional<VmVolumes.CdromVolume> iso);
}
