package dev.flotilla.manager.scheduling;

import static dev.flotilla.manager.scheduling.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PowerSavingCpuScorerTest {

    final PowerSavingCpuScorer scorer = new PowerSavingCpuScorer();
    final ClusterPolicy power = new ClusterPolicy(100, 400, SchedulingPolicy.POWER_SAVING);

    @Test
    void theBusiestHostUnderHighUtilizationScoresHighest() {
        var idle = host("idle", 10, 4096, 0, 0, 0);
        var busy = loaded(host("busy", 10, 4096, 0, 0, 0), 60);
        var over = loaded(host("over", 10, 4096, 0, 0, 0), 85);
        assertThat(scorer.score(vm("v"), idle, cluster(power, idle))).isEqualTo(0.55);
        assertThat(scorer.score(vm("v"), busy, cluster(power, busy))).isEqualTo(0.8);
        assertThat(scorer.score(vm("v"), over, cluster(power, over))).isEqualTo(0.0);
    }

    @Test
    void theClusterMayRaiseHighUtilization() {
        var over = loaded(host("over", 10, 4096, 0, 0, 0), 85);
        var raised = new ClusterPolicy(100, 400, SchedulingPolicy.POWER_SAVING, Map.of(SchedulingPolicy.HIGH_UTILIZATION, 90), null);
        assertThat(scorer.score(vm("v"), over, cluster(raised, over))).isEqualTo(0.925);
    }
}
