package dev.flotilla.manager.scheduling;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Small builders for the scheduling tests: hosts, VMs, groups and snapshots. */
final class Fixtures {

    static final ClusterPolicy DEFAULT = new ClusterPolicy(100, 400);

    private Fixtures() {
    }

    static HostCandidate host(String name, int cores, long memMiB, int usedCpus, long usedMem, int vms) {
        return new HostCandidate(UUID.nameUUIDFromBytes(name.getBytes()), name, "Up", true, cores, memMiB, usedCpus, usedMem, vms);
    }

    static HostCandidate loaded(HostCandidate h, double cpuLoadPercent) {
        return new HostCandidate(h.id(), h.name(), h.status(), h.acceptsVms(), h.cpuCores(), h.memoryMiB(), h.committedCpus(),
                h.committedMemoryMiB(), h.vmCount(), h.cpuModel(), cpuLoadPercent);
    }

    static HostCandidate model(HostCandidate h, String cpuModel) {
        return new HostCandidate(h.id(), h.name(), h.status(), h.acceptsVms(), h.cpuCores(), h.memoryMiB(), h.committedCpus(),
                h.committedMemoryMiB(), h.vmCount(), cpuModel, h.cpuLoadPercent());
    }

    static VmDemand vm(String name) {
        return new VmDemand(UUID.nameUUIDFromBytes(name.getBytes()), name, 1, 1024);
    }

    static AffinityGroup group(String name, boolean positive, boolean enforcing, Set<UUID> vms, Set<UUID> hosts) {
        return new AffinityGroup(UUID.nameUUIDFromBytes(name.getBytes()), null, name, "", positive, enforcing, vms, hosts, 0, null);
    }

    static ClusterSnapshot cluster(ClusterPolicy policy, HostCandidate... hosts) {
        return new ClusterSnapshot("c", policy, List.of(hosts));
    }

    static ClusterSnapshot cluster(List<AffinityGroup> groups, Map<UUID, UUID> vmHosts, HostCandidate... hosts) {
        return new ClusterSnapshot("c", DEFAULT, List.of(hosts), groups, vmHosts);
    }
}
