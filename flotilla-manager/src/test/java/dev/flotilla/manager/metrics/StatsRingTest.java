package dev.flotilla.manager.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StatsRingTest {

    @Test
    void keepsOnlyTheNewestSamplesOldestFirst() {
        StatsRing<Integer> ring = new StatsRing<>(3);
        IntStream.rangeClosed(1, 10).forEach(ring::add);

        assertThat(ring.toList()).containsExactly(8, 9, 10);
        assertThat(ring.newest()).isEqualTo(10);
    }

    @Test
    void aPartlyFilledRingListsWhatItHas() {
        StatsRing<Integer> ring = new StatsRing<>(5);
        assertThat(ring.toList()).isEmpty();
        assertThat(ring.newest()).isNull();
        ring.add(1);
        ring.add(2);
        assertThat(ring.toList()).containsExactly(1, 2);
    }

    @Test
    void aRingNeedsRoom() {
        assertThatThrownBy(() -> new StatsRing<Integer>(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void historyHoldsTheWindowAtTheSampleIntervalAndNoMore() {
        StatsHistory history = new StatsHistory(Duration.ofMinutes(30), Duration.ofSeconds(10));
        UUID vm = UUID.randomUUID();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 1000; i++) {
            history.recordVm(vm, new VmSample(t0.plusSeconds(10L * i), i, 100, 0, null, null, 0, null, null));
        }

        assertThat(history.capacity()).isEqualTo(180);
        assertThat(history.vm(vm)).hasSize(180);
        assertThat(history.vm(vm).get(179).cpuPercent()).isEqualTo(999);
    }

    @Test
    void aSilentHostAddsNoPointsAndAQuietVmAgesOut() {
        StatsHistory history = new StatsHistory(Duration.ofMinutes(30), Duration.ofSeconds(10));
        UUID host = UUID.randomUUID();
        UUID vm = UUID.randomUUID();
        Instant heartbeat = Instant.parse("2026-01-01T00:00:00Z");
        HostSample s = new HostSample(heartbeat, 5, 100, 1000, 0.1, 0, 0, 0, 0);
        history.recordHost(host, s);
        history.recordHost(host, s);
        assertThat(history.host(host)).hasSize(1);

        history.recordVm(vm, new VmSample(heartbeat, 1, 1, 0, null, null, 0, null, null));
        history.forgetQuietVms(java.util.Set.of(), heartbeat.plus(Duration.ofMinutes(10)));
        assertThat(history.vm(vm)).hasSize(1);
        history.forgetQuietVms(java.util.Set.of(), heartbeat.plus(Duration.ofMinutes(31)));
        assertThat(history.vm(vm)).isEmpty();

        history.retainHosts(java.util.Set.of());
        assertThat(history.host(host)).isEmpty();
    }
}
