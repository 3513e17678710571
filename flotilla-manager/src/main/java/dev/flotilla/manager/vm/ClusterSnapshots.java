package dev.flotilla.manager.vm;

import dev.flotilla.manager.affinity.AffinityGroupRepository;
import dev.flotilla.manager.affinity.VmPinRepository;
import dev.flotilla.manager.datacenter.Cluster;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostPresence;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.host.HostStats;
import dev.flotilla.manager.scheduling.AffinityGroup;
import dev.flotilla.manager.scheduling.ClusterPolicy;
import dev.flotilla.manager.scheduling.SchedulingPolicy;
import dev.flotilla.manager.scheduling.SchedulingPolicyRepository;
import dev.flotilla.manager.scheduling.ClusterSnapshot;
import dev.flotilla.manager.scheduling.HostCandidate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Builds the scheduler's immutable view of a cluster from the database: each host's capacity and
 * the vCPUs and memory that VMs placed on it already claim. A host counts as accepting VMs only
 * when it is Up and its agent is connected right now.
 */
@Component
public class ClusterSnapshots {

    private final HostRepository hosts;
    private final HostPresence presence;
    private final VmRepository vms;
    private final SchedulingPolicyRepository policies;
    private final AffinityGroupRepository groups;
    private final VmPinRepository pins;

    ClusterSnapshots(HostRepository hosts, HostPresence presence, VmRepository vms, SchedulingPolicyRepository policies,
                     AffinityGroupRepository groups, VmPinRepository pins) {
        this.pins = pins;
        this.hosts = hosts;
        this.presence = presence;
        this.vms = vms;
        this.policies = policies;
        this.groups = groups;
    }

    public ClusterSnapshot of(Cluster cluster) {
        Map<UUID, VmRepository.Committed> committed = vms.committedByHost(cluster.id());
        List<HostCandidate> candidates = hosts.inCluster(cluster.id()).stream()
                .map(h -> candidate(h, committed.getOrDefault(h.id(), VmRepository.Committed.NONE))).toList();
        // a policy deleted under a cluster cannot happen (delete refuses); "none" is the safe reading if it ever did
        SchedulingPolicy policy = policies.find(cluster.schedulingPolicy()).orElse(SchedulingPolicy.NONE);
        List<AffinityGroup> affinity = groups.inCluster(cluster.id());
        // where VMs run matters only to affinity: skip the query in the common case of no groups
        Map<UUID, UUID> vmHosts = affinity.isEmpty() ? Map.of() : vms.hostsInCluster(cluster.id());
        return new ClusterSnapshot(cluster.name(), new ClusterPolicy(cluster.memoryOvercommitPercent(), cluster.cpuOvercommitPercent(),
                policy, cluster.schedulingPolicyParameters(), cluster.cpuModel()), candidates, affinity, vmHosts, pins.inCluster(cluster.id()));
    }

    private HostCandidate candidate(Host h, VmRepository.Committed committed) {
        boolean connected = presence.isConnected(h.id());
        boolean accepts = h.status().acceptsVms() && connected;
        String status = h.status().acceptsVms() && !connected ? "Up but not connected" : h.status().name();
        double cpuLoad = presence.get(h.id()).map(HostPresence.Live::stats).map(HostStats::cpuPercent).orElse(0.0);
        return new HostCandidate(h.id(), h.name(), status, accepts, h.facts().cpuCores(), h.facts().memoryMiB(),
                committed.cpus(), committed.memoryMiB(), committed.vmCount(), h.facts().cpuModel(), cpuLoad);
    }
}
