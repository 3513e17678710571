package dev.flotilla.manager.scheduling;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An immutable view of one cluster at one moment: its policy, its hosts, its affinity groups and
 * where each of its VMs runs (VM id to host id; a VM migrating counts on its target too, as the
 * committed resources do) and the hosts each pinned VM may run on ({@code vmPins}, VM id to host
 * ids; VMs not in it run anywhere).
 */
public record ClusterSnapshot(String clusterName, ClusterPolicy policy, List<HostCandidate> hosts,
                             List<AffinityGroup> affinityGroups, Map<UUID, UUID> vmHosts, Map<UUID, Set<UUID>> vmPins) {

    public ClusterSnapshot {
        affinityGroups = affinityGroups == null ? List.of() : List.copyOf(affinityGroups);
        vmHosts = vmHosts == null ? Map.of() : Map.copyOf(vmHosts);
        vmPins = vmPins == null ? Map.of() : Map.copyOf(vmPins);
    }

    public ClusterSnapshot(String clusterName, ClusterPolicy policy, List<HostCandidate> hosts,
                           List<AffinityGroup> affinityGroups, Map<UUID, UUID> vmHosts) {
        this(clusterName, policy, hosts, affinityGroups, vmHosts, Map.of());
    }

    public ClusterSnapshot(String clusterName, ClusterPolicy policy, List<HostCandidate> hosts) {
        this(clusterName, policy, hosts, List.of(), Map.of(), Map.of());
    }

    /** The same cluster with only some of its hosts (a migration to a host the user asked for). */
    public ClusterSnapshot withHosts(List<HostCandidate> only) {
        return new ClusterSnapshot(clusterName, policy, only, affinityGroups, vmHosts, vmPins);
    }

    /** The hosts the VM may run on: those it asks for and those stored for it; empty: any. */
    public Set<UUID> pinsOf(VmDemand vm) {
        Set<UUID> stored = vmPins.getOrDefault(vm.vmId(), Set.of());
        if (vm.pinnedHostIds().isEmpty() || stored.isEmpty()) {
            return stored.isEmpty() ? vm.pinnedHostIds() : stored;
        }
        Set<UUID> both = new java.util.HashSet<>(vm.pinnedHostIds());
        both.retainAll(stored);
        return both;
    }

    /** The groups {@code vmId} belongs to. */
    public List<AffinityGroup> groupsOf(UUID vmId) {
        if (affinityGroups.isEmpty()) {
            return List.of();
        }
        return affinityGroups.stream().filter(g -> g.holds(vmId)).toList();
    }
}
