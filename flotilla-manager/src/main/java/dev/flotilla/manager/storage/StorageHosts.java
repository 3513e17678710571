package dev.flotilla.manager.storage;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.datacenter.Cluster;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.datacenter.DataCenter;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.host.HostStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * Chooses the host that carries out a storage command: an Up host of the domain's data center
 * (every host of a data center reaches all its shared domains, as in oVirt), chosen at random so
 * the work spreads; for a local domain its one host.
 */
@Component
public class StorageHosts {

    private final HostRepository hosts;
    private final ClusterRepository clusters;
    private final dev.flotilla.manager.datacenter.DataCenterRepository dataCenters;

    StorageHosts(HostRepository hosts, ClusterRepository clusters, dev.flotilla.manager.datacenter.DataCenterRepository dataCenters) {
        this.hosts = hosts;
        this.clusters = clusters;
        this.dataCenters = dataCenters;
    }

    /** An Up host that reaches the domain, for work on its volumes by another feature (snapshots, templates); 409 when none. */
    public Host forDomain(StorageDomain domain) {
        String dc = domain.dataCenterId() == null ? "" : dataCenters.find(domain.dataCenterId()).map(d -> d.name()).orElse("");
        return forDomain(domain, dc);
    }

    /**
     * For a new domain: the host the caller named (it must be Up and in the data center), else
     * any Up host of the data center.
     */
    Host forNewDomain(DataCenter dc, UUID wanted, StorageType type) {
        if (wanted != null) {
            Host host = hosts.find(wanted).orElseThrow(() -> BadRequestException.field("hostId", "names no host"));
            if (!inDataCenter(host, dc.id())) {
                throw BadRequestException.field("hostId", "host %s is not in data center %s".formatted(host.name(), dc.name()));
            }
            if (host.status() != HostStatus.Up) {
                throw new ConflictException("host %s is %s; the storage can be checked only from an Up host".formatted(host.name(), host.status()));
            }
            return host;
        }
        if (type == StorageType.LOCAL) {
            throw BadRequestException.field("hostId", "is required for a local domain: the one host that holds it");
        }
        return anyUp(dc.id(), dc.name());
    }

    /** For work on an existing domain. */
    Host forDomain(StorageDomain domain, String dataCenterName) {
        if (domain.type() == StorageType.LOCAL) {
            Host host = domain.hostId() == null ? null : hosts.find(domain.hostId()).orElse(null);
            if (host == null || host.status() != HostStatus.Up) {
                throw new ConflictException("the host of local storage domain %s is %s".formatted(domain.name(),
                        host == null ? "gone" : host.name() + " and " + host.status()));
            }
            return host;
        }
        if (domain.dataCenterId() == null) {
            throw new ConflictException("storage domain %s is in no data center, so no host reaches it; attach it first".formatted(domain.name()));
        }
        return anyUp(domain.dataCenterId(), dataCenterName);
    }

    private Host anyUp(UUID dataCenterId, String dataCenterName) {
        List<Host> up = new ArrayList<>();
        for (Cluster cluster : clusters.list(dataCenterId, new PageRequest(0, PageRequest.MAX_SIZE)).items()) {
            up.addAll(hosts.list(new HostRepository.Filter(HostStatus.Up, cluster.id(), null), new PageRequest(0, PageRequest.MAX_SIZE)).items());
        }
        if (up.isEmpty()) {
            throw new ConflictException("no host of data center %s is Up to reach the storage".formatted(dataCenterName));
        }
        return up.get(ThreadLocalRandom.current().nextInt(up.size()));
    }

    private boolean inDataCenter(Host host, UUID dataCenterId) {
        return clusters.find(host.clusterId()).map(Cluster::dataCenterId).filter(dataCenterId::equals).isPresent();
    }
}
