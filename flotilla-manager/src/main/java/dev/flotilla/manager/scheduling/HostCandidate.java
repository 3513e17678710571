package dev.flotilla.manager.scheduling;

import java.util.UUID;

/**
 * A host as the scheduler sees it: capacity and what VMs placed on it already claim.
 * {@code acceptsVms} is false for hosts that are not Up (with {@code status} saying why).
 */
public record HostCandidate(UUID id, String name, String status, boolean acceptsVms, int cpuCores, long memoryMiB,
                            int committedCpus, long committedMemoryMiB, int vmCount) {

    /** Memory the host may promise to VMs under the cluster's overcommit percentage. */
    public long schedulableMemoryMiB(int overcommitPercent) {
        return memoryMiB * overcommitPercent / 100;
    }

    public long freeMemoryMiB(int overcommitPercent) {
        return schedulableMemoryMiB(overcommitPercent) - committedMemoryMiB;
    }
}
