package dev.flotilla.manager.domainmonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.domainmonitor.DomainVerdicts.DomainMove;
import dev.flotilla.manager.domainmonitor.DomainVerdicts.HostMove;
import dev.flotilla.manager.domainmonitor.DomainVerdicts.Monitored;
import dev.flotilla.manager.domainmonitor.DomainVerdicts.Verdict;
import dev.flotilla.manager.domainmonitor.DomainVerdicts.Watched;
import dev.flotilla.manager.host.HostStatus;
import dev.flotilla.manager.storage.StorageDomainStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The engine's reactions, from fake reports: who is blamed, when a domain is Inactive, and the way back. */
class DomainVerdictsTest {

    private static final Instant NOW = Instant.parse("2026-11-27T21:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(30);
    private final Watched nfs = new Watched(UUID.randomUUID(), "nfs1", StorageDomainStatus.Active, false);
    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();

    @Test
    void aHostCutOffFromADomainOthersReadGoesNonOperationalAfterTheGraceWithTheDomainInItsReason() {
        Verdict early = decide(List.of(nfs), host(a, "a", HostStatus.Up, failing(nfs, 10)), host(b, "b", HostStatus.Up, valid(nfs)));
        assertThat(early.hosts()).as("within the grace period nothing moves").isEmpty();

        Verdict late = decide(List.of(nfs), host(a, "a", HostStatus.Up, failing(nfs, 31)), host(b, "b", HostStatus.Up, valid(nfs)));
        assertThat(late.hosts()).singleElement().satisfies(m -> {
            assertThat(m.hostId()).isEqualTo(a);
            assertThat(m.to()).isEqualTo(HostStatus.NonOperational);
            assertThat(m.reason()).startsWith(DomainVerdicts.REASON_PREFIX + "nfs1 (no answer from nfs 10.0.0.5:/export")
                    .contains("host b reads it");
        });
        assertThat(late.domains()).as("the domain is fine: another host reads it").isEmpty();
    }

    @Test
    void aDomainNoHostReadsGoesInactiveAndNoHostIsBlamed() {
        Verdict v = decide(List.of(nfs), host(a, "a", HostStatus.Up, failing(nfs, 40)), host(b, "b", HostStatus.Up, failing(nfs, 35)));
        assertThat(v.domains()).containsExactly(new DomainMove(nfs.id(), "nfs1", StorageDomainStatus.Inactive,
                "no host reaches it; host a: no answer from nfs 10.0.0.5:/export for 12 s (timeout 10 s)"));
        assertThat(v.hosts()).isEmpty();
    }

    @Test
    void oneHostStillInItsGraceKeepsTheDomainActive() {
        Verdict v = decide(List.of(nfs), host(a, "a", HostStatus.Up, failing(nfs, 40)), host(b, "b", HostStatus.Up, failing(nfs, 5)));
        assertThat(v.domains()).isEmpty();
        assertThat(v.hosts()).isEmpty();
    }

    @Test
    void anInactiveDomainReadAgainIsActiveAndItsHostsComeBack() {
        Watched inactive = new Watched(nfs.id(), "nfs1", StorageDomainStatus.Inactive, false);
        Verdict v = decide(List.of(inactive), host(a, "a", HostStatus.Up, valid(inactive)), host(b, "b", HostStatus.Up, failing(inactive, 1)));
        assertThat(v.domains()).extracting(DomainMove::to).containsExactly(StorageDomainStatus.Active);
        assertThat(v.spaces()).singleElement().satisfies(s -> {
            assertThat(s.hostId()).isEqualTo(a);
            assertThat(s.totalBytes()).isEqualTo(100L);
            assertThat(s.freeBytes()).isEqualTo(40L);
        });
    }

    @Test
    void aNonOperationalHostComesBackUpOnceItReadsEveryActiveDomainAgain() {
        Monitored stillCut = new Monitored(a, "a", HostStatus.NonOperational, DomainVerdicts.REASON_PREFIX + "nfs1 (…)",
                Map.of(nfs.id(), failing(nfs, 2)));
        assertThat(decide(List.of(nfs), stillCut, host(b, "b", HostStatus.Up, valid(nfs))).hosts()).isEmpty();

        Monitored back = new Monitored(a, "a", HostStatus.NonOperational, DomainVerdicts.REASON_PREFIX + "nfs1 (…)",
                Map.of(nfs.id(), valid(nfs)));
        assertThat(decide(List.of(nfs), back, host(b, "b", HostStatus.Up, valid(nfs))).hosts())
                .containsExactly(new HostMove(a, "a", HostStatus.Up, "it reads every active storage domain again"));
    }

    @Test
    void aHostNonOperationalForAnotherReasonIsLeftAlone() {
        Monitored other = new Monitored(a, "a", HostStatus.NonOperational, "CPU model not supported by the cluster", Map.of(nfs.id(), valid(nfs)));
        assertThat(decide(List.of(nfs), other, host(b, "b", HostStatus.Up, valid(nfs))).hosts()).isEmpty();
    }

    @Test
    void aLocalDomainItsHostCannotReadGoesInactiveWithoutBlamingTheHost() {
        Watched local = new Watched(UUID.randomUUID(), "local1", StorageDomainStatus.Active, true);
        Verdict v = decide(List.of(local, nfs), host(a, "a", HostStatus.Up, failing(local, 60), valid(nfs)),
                host(b, "b", HostStatus.Up, valid(nfs)));
        assertThat(v.domains()).extracting(DomainMove::domainName, DomainMove::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("local1", StorageDomainStatus.Inactive));
        assertThat(v.hosts()).isEmpty();
    }

    @Test
    void aHostThatHasNotCheckedYetSaysNothing() {
        DomainReport unchecked = new DomainReport(nfs.id(), false, false, 0, 0, "", null, null, NOW, null);
        Verdict v = decide(List.of(nfs), new Monitored(a, "a", HostStatus.Up, "", Map.of(nfs.id(), unchecked)),
                host(b, "b", HostStatus.Up, failing(nfs, 60)));
        assertThat(v.domains()).extracting(DomainMove::to).containsExactly(StorageDomainStatus.Inactive);
        assertThat(v.hosts()).isEmpty();
    }

    @Test
    void theInvalidRunKeepsItsStartAcrossReportsAndEndsWhenValid() {
        DomainReport first = failing(nfs, 0).after(null);
        DomainReport later = new DomainReport(nfs.id(), true, false, 0, 0, "x", null, null, NOW.plusSeconds(9), null).after(first);
        assertThat(later.invalidSince()).isEqualTo(first.invalidSince());
        assertThat(valid(nfs).after(later).invalidSince()).isNull();
    }

    private static Verdict decide(List<Watched> domains, Monitored... hosts) {
        return DomainVerdicts.decide(domains, List.of(hosts), GRACE, NOW);
    }

    private static Monitored host(UUID id, String name, HostStatus status, DomainReport... reports) {
        Map<UUID, DomainReport> byDomain = new java.util.HashMap<>();
        for (DomainReport r : reports) {
            byDomain.put(r.domainId(), r);
        }
        return new Monitored(id, name, status, "", byDomain);
    }

    private static DomainReport valid(Watched d) {
        return new DomainReport(d.id(), true, true, 12, 1500, "", 100L, 40L, NOW, null);
    }

    /** Invalid for the last {@code seconds}. */
    private static DomainReport failing(Watched d, int seconds) {
        return new DomainReport(d.id(), true, false, 12000, 12000,
                "no answer from nfs 10.0.0.5:/export for 12 s (timeout 10 s)", null, null, NOW, NOW.minusSeconds(seconds));
    }
}
