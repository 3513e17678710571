package dev.flotilla.manager.scheduling;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An immutable view of one cluster at one moment: its policy, its hosts, its affinity groups and
 * where each of its VMs runs (VM id to host id; a VM migrating counts on its target too, as the
 * committed resources do).
 */
public record ClusterSnapshot(String clusterName, ClusterPolicy policy, List<HostCandidate> hosts,
                             List<AffinityGroup> affinityGroups, Map<UUID, UUID> vmHosts) {

    public ClusterSnapshot {
        affinityGroups = affinityGroups == null ? List.of() : List.copyOf(affinityGroups);
        vmHosts = vmHosts == null ? Map.of() : Map.copyOf(vmHosts);
    }

    public ClusterSnapshot(String clusterName, ClusterPolicy policy, List<HostCandidate> hosts) {
        this(clusterName, policy, hosts, List.of(), Map.of());
    }

    /** The same cluster with only some of its hosts (a migration to a host the user asked for). */
    public ClusterSnapshot withHosts(List<HostCandidate> only) {
        return new ClusterSnapshot(clusterName, policy, only, affinityGroups, vmHosts);
    }

    /** The groups {@code vmId} belongs to. */
    public List<AffinityGroup> groupsOf(UUID vmId) {
        if (affinityGroups.isEmpty()) {
            return List.of();
        }
        return affinityGroups.stream().filter(g -> g.holds(vmId)).toList();
    }
}
