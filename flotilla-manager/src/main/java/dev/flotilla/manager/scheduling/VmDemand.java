package dev.flotilla.manager.scheduling;

import java.util.UUID;

/** What a VM needs from a host. */
public record VmDemand(UUID vmId, String name, int cpus, long memoryMiB) {
}
