package dev.flotilla.manager.scheduling;

import static dev.flotilla.manager.scheduling.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EvenGuestDistributionScorerTest {

    final EvenGuestDistributionScorer scorer = new EvenGuestDistributionScorer();

    @Test
    void fewerVmsScoreHigher() {
        var empty = host("empty", 4, 4096, 0, 0, 0);
        var three = host("three", 4, 4096, 0, 0, 3);
        assertThat(scorer.score(vm("v"), empty, cluster(DEFAULT, empty))).isEqualTo(1.0);
        assertThat(scorer.score(vm("v"), three, cluster(DEFAULT, three))).isEqualTo(0.25);
    }
}
