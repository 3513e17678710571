package dev.flotilla.manager.vm;

import java.util.UUID;

/**
 * A host reports a copy of a VM still waiting for a migration stream, but the VM runs on another
 * host ({@code placedOn}) and is not migrating here: a copy that never ran the guest, left by a
 * migration that ended without this host being told (its manager died between preparing the
 * target and the end). Published on every full report that shows it; stopping it is safe.
 */
public record StaleIncomingCopy(UUID vmId, String vmName, UUID hostId, String hostName, UUID placedOn) {
}
