package dev.flotilla.manager.vm;

import dev.flotilla.manager.datacenter.Cluster;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostPresence;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.scheduling.ClusterPolicy;
import dev.flotilla.manager.scheduling.ClusterSnapshot;
import dev.flotilla.manager.scheduling.HostCandidate;
import java.util.HashMap;
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
class ClusterSnapshots {

    private final HostRepository hosts;
    private final HostPresence presence;
    private final VmRepository vms;

    ClusterSnapshots(HostRepository hosts, HostPresence presence, VmRepository vms) {
        this.hosts = hosts;
        this.presence = presence;
        this.vms = vms;
    }

    ClusterSnapshot of(Cluster cluster) {
        Map<UUID, int[]> cpus = new HashMap<>();
        Map<UUID, long[]> memory = new HashMap<>();
        for (Vm vm : vms.placed()) {
            cpus.computeIfAbsent(vm.hostId(), h -> new int[2])[0] += vm.cpus();
            cpus.get(vm.hostId())[1]++;
            memory.computeIfAbsent(vm.hostId(), h -> new long[1])[0] += vm.memoryMiB();
        }
        List<HostCandidate> candidates = hosts.inCluster(cluster.id()).stream().map(h -> candidate(h,
                cpus.getOrDefault(h.id(), new int[2]), memory.getOrDefault(h.id(), new long[1]))).toList();
        return new ClusterSnapshot(cluster.name(),
                new ClusterPolicy(cluster.memoryOvercommitPercent(), cluster.cpuOvercommitPercent()), candidates);
    }

    private HostCandidate candidate(Host h, int[] cpus, long[] memory) {
        boolean connected = presence.isConnected(h.id());
        boolean accepts = h.status().acceptsVms() && connected;
        String status = h.status().acceptsVms() && !connected ? "Up but not connected" : h.status().name();
        return new HostCandidate(h.id(), h.name(), status, accepts, h.facts().cpuCores(), h.facts().memoryMiB(),
                cpus[0], memory[0], cpus[1]);
    }
}
