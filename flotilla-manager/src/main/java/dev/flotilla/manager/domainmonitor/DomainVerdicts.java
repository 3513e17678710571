package dev.flotilla.manager.domainmonitor;

import dev.flotilla.manager.host.HostStatus;
import dev.flotilla.manager.storage.StorageDomainStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The engine's reaction to one data center's domain reports, as oVirt reacts (a pure function: the
 * reconciler applies what it returns):
 * <ul>
 * <li>a host that has reported a shared domain invalid for the whole grace period while another host
 *     of the data center reads it goes NonOperational, with a reason naming the domain: the fault is
 *     the host's path to the storage, not the storage;</li>
 * <li>a domain that every reporting host has failed to read for the grace period goes Inactive: the
 *     fault is the storage, so no host is blamed for it;</li>
 * <li>an Inactive domain that a host reads again is Active again, and a host made NonOperational by
 *     the monitor comes back Up once every Active domain it watches reads valid again.</li>
 * </ul>
 * A host that has not checked a domain yet says nothing about it.
 */
public final class DomainVerdicts {

    /** How a NonOperational reason set by the monitor starts: only such hosts are brought back by it. */
    public static final String REASON_PREFIX = "cannot reach storage domain ";

    /** A domain the hosts watch: Active or Inactive, attached to the data center. */
    public record Watched(UUID id, String name, StorageDomainStatus status, boolean local) {
    }

    /** A connected host of the data center, Up or NonOperational, with its latest reports by domain. */
    public record Monitored(UUID id, String name, HostStatus status, String statusReason, Map<UUID, DomainReport> reports) {
    }

    public record HostMove(UUID hostId, String hostName, HostStatus to, String reason) {
    }

    public record DomainMove(UUID domainId, String domainName, StorageDomainStatus to, String reason) {
    }

    /** A figure of space from a host that read the domain; null parts are unknown. */
    public record Space(UUID domainId, UUID hostId, Long totalBytes, Long freeBytes) {
    }

    public record Verdict(List<HostMove> hosts, List<DomainMove> domains, List<Space> spaces) {
    }

    private DomainVerdicts() {
    }

    public static Verdict decide(List<Watched> domains, List<Monitored> hosts, Duration grace, Instant now) {
        List<HostMove> hostMoves = new ArrayList<>();
        List<DomainMove> domainMoves = new ArrayList<>();
        List<Space> spaces = new ArrayList<>();
        Map<UUID, List<String>> blame = hosts.stream().collect(Collectors.toMap(Monitored::id, h -> new ArrayList<>()));
        Set<UUID> activeAfter = new java.util.HashSet<>();
        for (Watched d : domains) {
            List<Monitored> readers = hosts.stream().filter(h -> valid(h.reports().get(d.id()))).toList();
            List<Monitored> failing = hosts.stream().filter(h -> failingPastGrace(h.reports().get(d.id()), grace, now)).toList();
            long reporting = hosts.stream().filter(h -> checked(h.reports().get(d.id()))).count();
            readers.stream().map(h -> h.reports().get(d.id())).filter(r -> r.totalBytes() != null || r.freeBytes() != null)
                    .findFirst().ifPresent(r -> spaces.add(new Space(d.id(), readers.get(0).id(), r.totalBytes(), r.freeBytes())));
            if (!readers.isEmpty()) {
                activeAfter.add(d.id());
                if (d.status() == StorageDomainStatus.Inactive) {
                    domainMoves.add(new DomainMove(d.id(), d.name(), StorageDomainStatus.Active,
                            "host %s reads it again".formatted(readers.get(0).name())));
                }
                if (!d.local()) {
                    failing.forEach(h -> blame.get(h.id()).add("%s (%s); host %s reads it".formatted(d.name(),
                            h.reports().get(d.id()).error(), readers.get(0).name())));
                }
            } else if (d.status() == StorageDomainStatus.Active && !failing.isEmpty() && failing.size() == reporting) {
                Monitored first = failing.get(0);
                domainMoves.add(new DomainMove(d.id(), d.name(), StorageDomainStatus.Inactive,
                        "no host reaches it; host %s: %s".formatted(first.name(), first.reports().get(d.id()).error())));
            } else if (d.status() == StorageDomainStatus.Active) {
                activeAfter.add(d.id());
            }
        }
        for (Monitored h : hosts) {
            List<String> blamed = blame.get(h.id());
            if (h.status() == HostStatus.Up && !blamed.isEmpty()) {
                hostMoves.add(new HostMove(h.id(), h.name(), HostStatus.NonOperational, REASON_PREFIX + String.join("; ", blamed)));
            } else if (h.status() == HostStatus.NonOperational && h.statusReason().startsWith(REASON_PREFIX)
                    && readsAll(h, activeAfter)) {
                hostMoves.add(new HostMove(h.id(), h.name(), HostStatus.Up, "it reads every active storage domain again"));
            }
        }
        return new Verdict(hostMoves, domainMoves, spaces);
    }

    /** No Active domain the host watches is invalid on it (a domain it does not report yet counts as read). */
    private static boolean readsAll(Monitored h, Set<UUID> active) {
        return active.stream().map(id -> h.reports().get(id)).noneMatch(r -> r != null && r.failing());
    }

    private static boolean checked(DomainReport r) {
        return r != null && r.checked();
    }

    private static boolean valid(DomainReport r) {
        return r != null && r.checked() && r.valid();
    }

    private static boolean failingPastGrace(DomainReport r, Duration grace, Instant now) {
        return r != null && r.failing() && r.invalidSince() != null && !r.invalidSince().plus(grace).isAfter(now);
    }
}
