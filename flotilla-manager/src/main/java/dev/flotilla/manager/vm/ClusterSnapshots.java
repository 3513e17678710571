package dev.flotilla.manager.vm;

import dev.flotilla.manager.datacenter.Cluster;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostPresence;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.scheduling.ClusterPolicy;
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

    ClusterSnapshots(HostRepository hosts, HostPresence presence, VmRepository vms) {
        this.hosts = hosts;
        this.presence = presence;
        this.vms = vms;
    }

    public ClusterSnapshot of(Cluster cluster) {
        Map<UUID, VmRepository.Committed> committed = vms.committedByHost(cluster.id());
        List<HostCandidate> candidates = hosts.inCluster(cluster.id()).stream()
                .map(h -> candidate(h, committed.getOrDefault(h.id(), VmRepository.Committed.NONE))).toList();
        return new ClusterSnapshot(cluster.name(),
                new ClusterPolicy(cluster.memoryOvercommitPercent(), cluster.cpuOvercommitPercent()), candidates);
    }

    private HostCandidate candidate(Host h, VmRepository.Committed committed) {
        boolean connected = presence.isConnected(h.id());
        boolean accepts = h.status().acceptsVms() && connected;
        String status = h.status().acceptsVms() && !connected ? "Up but not connected" : h.status().name();
        return new HostCandidate(h.id(), h.name(), status, accepts, h.facts().cpuCores(), h.facts().memoryMiB(),
                committed.cpus(), committed.memoryMiB(), committed.vmCount());
    }
}
