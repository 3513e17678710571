package dev.flotilla.manager.storage;

import java.time.Instant;
import java.util.UUID;

/** A disk attached to a VM, and how the guest sees it. */
public record VmDisk(UUID diskId, UUID vmId, DiskInterface diskInterface, boolean bootable, boolean readOnly, Instant attachedAt) {
}
