package dev.flotilla.manager.scheduling;

import java.util.UUID;

/**
 * A host as the scheduler sees it: capacity and what VMs placed on it already claim.
 * {@code acceptsVms} is false for hosts that are not Up (with {@code status} saying why).
 * {@code cpuModel} is what the host reported (null when unknown); {@code cpuLoadPercent} its
 * CPU load at the last heartbeat (0 when unknown).
 */
public record HostCandidate(UUID id, String name, String status, boolean acceptsVms, int cpuCores, long memoryMiB,
                            int committedCpus, long committedMemoryMiB, int vmCount, String cpuModel,
                            double cpuLoadPercent) {

    public HostCandidate(UUID id, String name, String status, boolean acceptsVms, int cpuCores, long memoryMiB,
                         int committedCpus, long committedMemoryMiB, int vmCount) {
        this(id, name, status, acceptsVms, cpuCores, memoryMiB, committedCpus, committedMemoryMiB, vmCount, null, 0);
    }

    /** Memory the host may promise to VMs under the cluster's overcommit percentage. */
    public long schedulableMemoryMiB(int overcommitPercent) {
        return memoryMiB * overcommitPercent / 100;
    }

    public long freeMemoryMiB(int overcommitPercent) {
        return schedulableMemoryMiB(overcommitPercent) - committedMemoryMiB;
    }

    /**
     * How busy the host's CPU would be with {@code extraCpus} more vCPUs, 0..1: the larger of the
     * measured load and the share of cores the placed vCPUs claim. The claim counts because a VM
     * placed a second ago has not shown up in the measured load yet.
     */
    public double cpuUse(int extraCpus) {
        double claimed = cpuCores == 0 ? 1 : (double) (committedCpus + extraCpus) / cpuCores;
        return Math.min(1, Math.max(cpuLoadPercent / 100, claimed));
    }

    /** Share of the host's real memory in use with {@code extraMiB} more placed, 0..1 (can pass 1 under overcommit). */
    public double memoryUse(long extraMiB) {
        return memoryMiB == 0 ? 1 : (double) (committedMemoryMiB + extraMiB) / memoryMiB;
    }
}
