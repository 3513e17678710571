package dev.flotilla.manager.fencing;

import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostPresence;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.host.HostStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Which hosts may fence a host, best first, as oVirt chooses: Up and connected, never the host
 * itself, first from its cluster, then from its data center, as the host's preference lists.
 */
@Component
public class FenceProxies {

    private final HostRepository hosts;
    private final ClusterRepository clusters;
    private final HostPresence presence;

    FenceProxies(HostRepository hosts, ClusterRepository clusters, HostPresence presence) {
        this.hosts = hosts;
        this.clusters = clusters;
        this.presence = presence;
    }

    public List<Host> candidates(Host target, List<String> preference) {
        UUID dc = clusters.get(target.clusterId()).dataCenterId();
        List<Host> usable = hosts.withStatus(HostStatus.Up).stream()
                .filter(h -> !h.id().equals(target.id()) && presence.isConnected(h.id()))
                .sorted(Comparator.comparing(Host::name)).toList();
        List<Host> out = new ArrayList<>();
        for (String scope : preference) {
            for (Host h : usable) {
                boolean fits = switch (scope) {
                    case "cluster" -> h.clusterId().equals(target.clusterId());
                    case "dc" -> clusters.find(h.clusterId()).map(c -> c.dataCenterId().equals(dc)).orElse(false);
                    default -> false;
                };
                if (fits && !out.contains(h)) {
                    out.add(h);
                }
            }
        }
        return out;
    }
}
