package dev.flotilla.manager.scheduling;

import java.util.UUID;

/** What a VM needs from a host; {@code currentHostId} is where it runs now (a migration needs another), null for a start. */
public record VmDemand(UUID vmId, String name, int cpus, long memoryMiB, UUID currentHostId) {

    public VmDemand(UUID vmId, String name, int cpus, long memoryMiB) {
        this(vmId, name, cpus, memoryMiB, null);
    }
}
