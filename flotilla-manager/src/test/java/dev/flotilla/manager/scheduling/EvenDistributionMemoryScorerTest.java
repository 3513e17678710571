package dev.flotilla.manager.scheduling;

import static dev.flotilla.manager.scheduling.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EvenDistributionMemoryScorerTest {

    final EvenDistributionMemoryScorer scorer = new EvenDistributionMemoryScorer();

    @Test
    void theShareOfMemoryLeftFreeAfterTheVm() {
        var half = host("half", 4, 4096, 0, 1024, 1);
        var full = host("full", 4, 2048, 0, 2048, 2);
        assertThat(scorer.score(vm("v"), half, cluster(DEFAULT, half))).isEqualTo(0.5);
        assertThat(scorer.score(vm("v"), full, cluster(DEFAULT, full))).isEqualTo(0.0);
    }
}
