package dev.flotilla.manager.vm;

import java.util.UUID;

/**
 * A running VM went Down without anyone asking (its QEMU crashed or was killed, it vanished from
 * its host's report, or its host's self-fencing killed it) while its host still reports: published
 * after the Down is recorded, for high availability to restart it. A guest that powered itself off
 * is not this, nor is a stop the manager requested.
 */
public record VmEndedUnexpectedly(UUID vmId, String vmName, UUID hostId, String hostName, String reason) {
}
