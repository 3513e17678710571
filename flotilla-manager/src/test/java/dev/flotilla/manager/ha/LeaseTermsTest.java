package dev.flotilla.manager.ha;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeaseTermsTest {

    private static final Instant HEARD = Instant.parse("2026-11-27T12:00:00Z");

    @Test
    void theManagerWaitsTheLeaseStretchedByClockDriftPlusTheMargin() {
        Instant safe = LeaseTerms.safeAfter(HEARD, Duration.ofSeconds(60), Duration.ofSeconds(10), 1);

        assertThat(safe).isEqualTo(HEARD.plusMillis(60_600).plusSeconds(10));
    }

    @Test
    void evenWithoutDriftOrMarginTheWaitIsNeverShorterThanTheLease() {
        assertThat(LeaseTerms.safeAfter(HEARD, Duration.ofSeconds(3), Duration.ZERO, 0)).isEqualTo(HEARD.plusSeconds(3));
    }

    @Test
    void restartsBackOffDoublingUpToTheCeiling() {
        Duration first = Duration.ofSeconds(5);
        Duration max = Duration.ofMinutes(2);

        assertThat(List.of(1, 2, 3, 4, 5, 6, 30).stream().map(n -> HaRestarts.backoff(n, first, max).toSeconds()).toList())
                .containsExactly(5L, 10L, 20L, 40L, 80L, 120L, 120L);
    }

    @Test
    void dueVmsRestartByPriorityThenByWaitingTime() {
        var low = new HaRestarts.Pending(UUID.randomUUID(), "low", 1, 0, HEARD.minusSeconds(30), null);
        var high = new HaRestarts.Pending(UUID.randomUUID(), "high", 100, 0, HEARD, null);
        var highEarlier = new HaRestarts.Pending(UUID.randomUUID(), "high-earlier", 100, 0, HEARD.minusSeconds(1), null);
        var notYet = new HaRestarts.Pending(UUID.randomUUID(), "later", 100, 2, HEARD.plusSeconds(5), null);

        assertThat(HaRestarts.due(List.of(low, high, notYet, highEarlier), HEARD).stream().map(HaRestarts.Pending::name).toList())
                .containsExactly("high-earlier", "high", "low");
    }
}
