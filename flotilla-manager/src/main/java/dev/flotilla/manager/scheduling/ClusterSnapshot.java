package dev.flotilla.manager.scheduling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An immutable view of one cluster at one moment: its policy, its hosts, its affinity groups and
 * where each of its VMs runs (VM id to host id; a VM migrating counts on its target too, as the
 * committed resources do) and the hosts each pinned VM may run on ({@code vmPins}, VM id to host
 * ids; VMs not in it run anywhere).
 *
 * <p>A class rather than a record only to keep one index beside the data: the affinity groups by
 * member VM. The filters and scorers ask "which groups hold this VM" once per host, so at 5,000
 * hosts a scan of every group per question was most of a placement's time.
 */
public final class ClusterSnapshot {

    private final String clusterName;
    private final ClusterPolicy policy;
    private final List<HostCandidate> hosts;
    private final List<AffinityGroup> affinityGroups;
    private final Map<UUID, UUID> vmHosts;
    private final Map<UUID, Set<UUID>> vmPins;
    private final Map<UUID, List<AffinityGroup>> groupsByVm;

    public ClusterSnapshot(String clusterName, ClusterPolicy policy, List<HostCandidate> hosts,
                           List<AffinityGroup> affinityGroups, Map<UUID, UUID> vmHosts, Map<UUID, Set<UUID>> vmPins) {
        this(clusterName, policy, List.copyOf(hosts), affinityGroups == null ? List.of() : List.copyOf(affinityGroups),
                vmHosts == null ? Map.of() : Map.copyOf(vmHosts), vmPins == null ? Map.of() : Map.copyOf(vmPins), null);
    }

    public ClusterSnapshot(String clusterName, ClusterPolicy policy, List<HostCandidate> hosts,
                           List<AffinityGroup> affinityGroups, Map<UUID, UUID> vmHosts) {
        this(clusterName, policy, hosts, affinityGroups, vmHosts, Map.of());
    }

    public ClusterSnapshot(String clusterName, ClusterPolicy policy, List<HostCandidate> hosts) {
        this(clusterName, policy, hosts, List.of(), Map.of(), Map.of());
    }

    /** Everything already copied; {@code groupsByVm} null: build it. */
    private ClusterSnapshot(String clusterName, ClusterPolicy policy, List<HostCandidate> hosts, List<AffinityGroup> affinityGroups,
                            Map<UUID, UUID> vmHosts, Map<UUID, Set<UUID>> vmPins, Map<UUID, List<AffinityGroup>> groupsByVm) {
        this.clusterName = clusterName;
        this.policy = policy;
        this.hosts = hosts;
        this.affinityGroups = affinityGroups;
        this.vmHosts = vmHosts;
        this.vmPins = vmPins;
        this.groupsByVm = groupsByVm != null ? groupsByVm : index(affinityGroups);
    }

    private static Map<UUID, List<AffinityGroup>> index(List<AffinityGroup> groups) {
        if (groups.isEmpty()) {
            return Map.of();
        }
        Map<UUID, List<AffinityGroup>> byVm = new HashMap<>();
        for (AffinityGroup g : groups) {
            for (UUID vm : g.vmIds()) {
                byVm.computeIfAbsent(vm, k -> new ArrayList<>(1)).add(g);
            }
        }
        byVm.replaceAll((vm, list) -> List.copyOf(list));
        return Map.copyOf(byVm);
    }

    public String clusterName() {
        return clusterName;
    }

    public ClusterPolicy policy() {
        return policy;
    }

    public List<HostCandidate> hosts() {
        return hosts;
    }

    public List<AffinityGroup> affinityGroups() {
        return affinityGroups;
    }

    public Map<UUID, UUID> vmHosts() {
        return vmHosts;
    }

    public Map<UUID, Set<UUID>> vmPins() {
        return vmPins;
    }

    /** The same cluster with only some of its hosts (a migration to a host the user asked for). */
    public ClusterSnapshot withHosts(List<HostCandidate> only) {
        return new ClusterSnapshot(clusterName, policy, List.copyOf(only), affinityGroups, vmHosts, vmPins, groupsByVm);
    }

    /** The hosts the VM may run on: those it asks for and those stored for it; empty: any. */
    public Set<UUID> pinsOf(VmDemand vm) {
        Set<UUID> stored = vmPins.getOrDefault(vm.vmId(), Set.of());
        if (vm.pinnedHostIds().isEmpty() || stored.isEmpty()) {
            return stored.isEmpty() ? vm.pinnedHostIds() : stored;
        }
        Set<UUID> both = new HashSet<>(vm.pinnedHostIds());
        both.retainAll(stored);
        return both;
    }

    /** The groups {@code vmId} belongs to. */
    public List<AffinityGroup> groupsOf(UUID vmId) {
        return groupsByVm.getOrDefault(vmId, List.of());
    }
}
