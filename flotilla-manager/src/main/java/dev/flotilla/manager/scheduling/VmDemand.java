package dev.flotilla.manager.scheduling;

import java.util.Set;
import java.util.UUID;

/**
 * What a VM needs from a host; {@code currentHostId} is where it runs now (a migration needs
 * another), null for a start; {@code pinnedHostIds} the only hosts it may run on (empty: any);
 * {@code reach} the only hosts that reach its disks (null: any host of the cluster does).
 */
public record VmDemand(UUID vmId, String name, int cpus, long memoryMiB, UUID currentHostId, Set<UUID> pinnedHostIds,
                       HostReach reach) {

    public VmDemand {
        pinnedHostIds = pinnedHostIds == null ? Set.of() : Set.copyOf(pinnedHostIds);
    }

    public VmDemand(UUID vmId, String name, int cpus, long memoryMiB, UUID currentHostId, Set<UUID> pinnedHostIds) {
        this(vmId, name, cpus, memoryMiB, currentHostId, pinnedHostIds, null);
    }

    public VmDemand(UUID vmId, String name, int cpus, long memoryMiB, UUID currentHostId) {
        this(vmId, name, cpus, memoryMiB, currentHostId, Set.of());
    }

    public VmDemand(UUID vmId, String name, int cpus, long memoryMiB) {
        this(vmId, name, cpus, memoryMiB, null, Set.of());
    }

    public VmDemand pinnedTo(Set<UUID> hostIds) {
        return new VmDemand(vmId, name, cpus, memoryMiB, currentHostId, hostIds, reach);
    }

    public VmDemand reachableFrom(HostReach limit) {
        return new VmDemand(vmId, name, cpus, memoryMiB, currentHostId, pinnedHostIds, limit);
    }
}
