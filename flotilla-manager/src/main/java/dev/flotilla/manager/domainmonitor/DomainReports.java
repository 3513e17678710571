package dev.flotilla.manager.domainmonitor;

import dev.flotilla.manager.host.HostDomainChecks;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.host.HostResponse;
import dev.flotilla.manager.storage.StorageDomain;
import dev.flotilla.manager.storage.StorageDomainChecks;
import dev.flotilla.manager.storage.StorageDomainRepository;
import dev.flotilla.manager.storage.StorageDomainResponse;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Each host's last report of each domain it watches. Kept in memory, as host presence is: every
 * heartbeat carries them, so the database would gain nothing but load; after a manager restart the
 * first heartbeats fill it again (and a grace period starts over, which errs on the side of the host).
 */
@Component
public class DomainReports implements HostDomainChecks, StorageDomainChecks {

    private final Map<UUID, Map<UUID, DomainReport>> byHost = new ConcurrentHashMap<>();
    /** When each host last reported a domain valid again after failing to read it. */
    private final Map<UUID, java.time.Instant> recoveredAt = new ConcurrentHashMap<>();
    private final HostRepository hosts;
    private final StorageDomainRepository domains;
    private final VmStorageReports vmStorage;

    DomainReports(HostRepository hosts, StorageDomainRepository domains, VmStorageReports vmStorage) {
        this.hosts = hosts;
        this.domains = domains;
        this.vmStorage = vmStorage;
    }

    /** What a heartbeat says of its VMs' storage (stalls, the volumes in use): one entry for a heartbeat's storage reports. */
    public void heardVms(UUID hostId, List<VmStorageReports.VmStorage> vms) {
        vmStorage.heard(hostId, vms);
    }

    /** A heartbeat's reports: they replace the host's earlier ones; a domain still invalid keeps the start of its invalid run. */
    public void heard(UUID hostId, List<DomainReport> reports) {
        byHost.compute(hostId, (id, old) -> {
            Map<UUID, DomainReport> next = new HashMap<>();
            for (DomainReport r : reports) {
                DomainReport before = old == null ? null : old.get(r.domainId());
                next.put(r.domainId(), r.after(before));
                if (before != null && before.failing() && r.checked() && r.valid()) {
                    recoveredAt.put(hostId, r.reportedAt());
                }
            }
            return Map.copyOf(next);
        });
    }

    /** The host's reports by domain; empty before its first heartbeat with any. */
    Map<UUID, DomainReport> of(UUID hostId) {
        return byHost.getOrDefault(hostId, Map.of());
    }

    /** When the host last read a domain again after failing to; null when it never did. */
    java.time.Instant recoveredAt(UUID hostId) {
        return recoveredAt.get(hostId);
    }

    @Override
    public List<HostResponse.DomainCheck> domainChecks(UUID hostId) {
        return of(hostId).values().stream()
                .map(r -> new HostResponse.DomainCheck(r.domainId(), domains.find(r.domainId()).map(StorageDomain::name).orElse(""),
                        r.checked(), r.valid(), r.lastCheckDelayMs(), r.lastCheckAgeMs(), r.error(), r.invalidSince(), r.reportedAt()))
                .sorted(Comparator.comparing(HostResponse.DomainCheck::domainName))
                .toList();
    }

    @Override
    public List<StorageDomainResponse.HostCheck> hostChecks(UUID domainId) {
        return byHost.entrySet().stream()
                .filter(e -> e.getValue().containsKey(domainId))
                .map(e -> {
                    DomainReport r = e.getValue().get(domainId);
                    return new StorageDomainResponse.HostCheck(e.getKey(), hosts.find(e.getKey()).map(h -> h.name()).orElse(""),
                            r.checked(), r.valid(), r.lastCheckDelayMs(), r.lastCheckAgeMs(), r.error(), r.invalidSince(), r.reportedAt());
                })
                .sorted(Comparator.comparing(StorageDomainResponse.HostCheck::hostName))
                .toList();
    }
}
