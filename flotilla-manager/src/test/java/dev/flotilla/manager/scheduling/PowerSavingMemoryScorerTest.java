package dev.flotilla.manager.scheduling;

import static dev.flotilla.manager.scheduling.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PowerSavingMemoryScorerTest {

    final PowerSavingMemoryScorer scorer = new PowerSavingMemoryScorer();
    final ClusterPolicy power = new ClusterPolicy(100, 400, SchedulingPolicy.POWER_SAVING);

    @Test
    void theFullestHostUnderHighUtilizationScoresHighest() {
        var empty = host("empty", 4, 10240, 0, 0, 0);
        var half = host("half", 4, 10240, 0, 5120, 2);
        var nearlyFull = host("nearly-full", 4, 10240, 0, 7680, 3);
        assertThat(scorer.score(vm("v"), empty, cluster(power, empty))).isEqualTo(0.55);
        assertThat(scorer.score(vm("v"), half, cluster(power, half))).isEqualTo(0.8);
        assertThat(scorer.score(vm("v"), nearlyFull, cluster(power, nearlyFull))).isEqualTo(0.0);  // 85% with the VM
    }
}
