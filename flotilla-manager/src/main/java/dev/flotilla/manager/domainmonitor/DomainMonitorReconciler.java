package dev.flotilla.manager.domainmonitor;

import dev.flotilla.manager.datacenter.Cluster;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostMonitor;
import dev.flotilla.manager.host.HostPresence;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.host.HostStatus;
import dev.flotilla.manager.storage.StorageDomain;
import dev.flotilla.manager.storage.StorageDomainRepository;
import dev.flotilla.manager.storage.StorageDomainStatus;
import dev.flotilla.manager.storage.StorageType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Every round (2 s): tells each connected host which domains to watch (its data center's Active and
 * Inactive domains; a local domain only its own host; nothing for a host in Maintenance), then
 * applies {@link DomainVerdicts} per data center: host and domain moves with their events, and the
 * space a host read; last, VMs paused on a storage I/O error are resumed where the storage reads again. It runs off the heartbeat path: heartbeats only store reports.
 */
@Service
class DomainMonitorReconciler {

    private static final Logger log = LoggerFactory.getLogger(DomainMonitorReconciler.class);
    private static final Set<StorageDomainStatus> WATCHED = EnumSet.of(StorageDomainStatus.Active, StorageDomainStatus.Inactive);
    private static final Set<HostStatus> JUDGED = EnumSet.of(HostStatus.Up, HostStatus.NonOperational);
    private static final Set<HostStatus> NOT_WATCHING = EnumSet.of(HostStatus.Maintenance, HostStatus.PendingApproval,
            HostStatus.Installing, HostStatus.InstallFailed);

    private final StorageDomainRepository domains;
    private final HostRepository hosts;
    private final ClusterRepository clusters;
    private final HostPresence presence;
    private final DomainReports reports;
    private final HostMonitor hostMonitor;
    private final DomainWatchCommands watch;
    private final IoErrorResumes resumes;
    private final EventLog events;
    private final Clock clock;
    private final Duration checkInterval;
    private final Duration checkTimeout;
    private final Duration grace;
    /** The space last written per domain, so an unchanged figure costs no write. */
    private final Map<UUID, DomainVerdicts.Space> recorded = new ConcurrentHashMap<>();

    DomainMonitorReconciler(StorageDomainRepository domains, HostRepository hosts, ClusterRepository clusters, HostPresence presence,
                            DomainReports reports, HostMonitor hostMonitor, DomainWatchCommands watch, IoErrorResumes resumes,
                            EventLog events, Clock clock,
                            @Value("${flotilla.storage.monitor.check-interval:PT10S}") Duration checkInterval,
                            @Value("${flotilla.storage.monitor.check-timeout:PT10S}") Duration checkTimeout,
                            @Value("${flotilla.storage.monitor.unreachable-grace:PT60S}") Duration grace) {
        this.domains = domains;
        this.hosts = hosts;
        this.clusters = clusters;
        this.presence = presence;
        this.reports = reports;
        this.hostMonitor = hostMonitor;
        this.watch = watch;
        this.resumes = resumes;
        this.events = events;
        this.clock = clock;
        this.checkInterval = checkInterval;
        this.checkTimeout = checkTimeout;
        this.grace = grace;
    }

    @Scheduled(fixedDelayString = "${flotilla.storage.monitor.reconcile-interval-ms:2000}")
    void reconcile() {
        Instant now = clock.instant();
        Map<UUID, UUID> dataCenterOf = clusters.all().stream().collect(Collectors.toMap(Cluster::id, Cluster::dataCenterId));
        List<StorageDomain> watched = domains.all().stream().filter(d -> WATCHED.contains(d.status()) && d.dataCenterId() != null).toList();
        List<Host> connected = hosts.all().stream().filter(h -> presence.isConnected(h.id())).toList();
        for (Host h : connected) {
            UUID dc = dataCenterOf.get(h.clusterId());
            List<StorageDomain> list = NOT_WATCHING.contains(h.status()) ? List.of()
                    : watched.stream().filter(d -> d.dataCenterId().equals(dc) && (d.type() != StorageType.LOCAL || h.id().equals(d.hostId())))
                    .toList();
            watch.watch(h.id(), list, checkInterval, checkTimeout);
        }
        Map<UUID, List<StorageDomain>> byDataCenter = watched.stream().collect(Collectors.groupingBy(StorageDomain::dataCenterId));
        byDataCenter.forEach((dc, inDc) -> {
            try {
                List<DomainVerdicts.Monitored> judged = connected.stream()
                        .filter(h -> dc.equals(dataCenterOf.get(h.clusterId())) && JUDGED.contains(h.status()))
                        .map(h -> new DomainVerdicts.Monitored(h.id(), h.name(), h.status(), h.statusReason(), reports.of(h.id())))
                        .toList();
                List<DomainVerdicts.Watched> ws = inDc.stream()
                        .map(d -> new DomainVerdicts.Watched(d.id(), d.name(), d.status(), d.type() == StorageType.LOCAL)).toList();
                apply(DomainVerdicts.decide(ws, judged, grace, now), now);
            } catch (RuntimeException e) {
                log.error("could not apply the storage domain reports of data center {}", dc, e);
            }
        });
        connected.forEach(h -> resumes.resumeOn(h, reports.of(h.id()), reports.recoveredAt(h.id())));
    }

    private void apply(DomainVerdicts.Verdict verdict, Instant now) {
        for (DomainVerdicts.DomainMove m : verdict.domains()) {
            domains.find(m.domainId()).filter(d -> WATCHED.contains(d.status()) && d.status() != m.to())
                    .filter(d -> domains.changeReachability(d, m.to(), m.to() == StorageDomainStatus.Active ? "" : m.reason()))
                    .ifPresent(d -> {
                        ObjectRef ref = ObjectRef.storageDomain(d.id(), d.name());
                        if (m.to() == StorageDomainStatus.Inactive) {
                            events.error(ref, "Storage domain %s is Inactive: %s".formatted(d.name(), m.reason()));
                        } else {
                            events.info(ref, "Storage domain %s is Active again: %s".formatted(d.name(), m.reason()));
                        }
                    });
        }
        for (DomainVerdicts.HostMove m : verdict.hosts()) {
            if (m.to() == HostStatus.NonOperational) {
                hostMonitor.nonOperational(m.hostId(), m.reason());
            } else {
                hostMonitor.operationalAgain(m.hostId(), m.reason());
            }
        }
        for (DomainVerdicts.Space s : verdict.spaces()) {
            DomainVerdicts.Space last = recorded.get(s.domainId());
            if (last == null || !java.util.Objects.equals(last.totalBytes(), s.totalBytes())
                    || !java.util.Objects.equals(last.freeBytes(), s.freeBytes())) {
                domains.recordSpace(s.domainId(), s.hostId(), s.totalBytes(), s.freeBytes(), now);
                recorded.put(s.domainId(), s);
            }
        }
    }
}
