package dev.flotilla.manager.scheduling;

import static dev.flotilla.manager.scheduling.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EvenDistributionCpuScorerTest {

    final EvenDistributionCpuScorer scorer = new EvenDistributionCpuScorer();

    @Test
    void theLessBusyCpuScoresHigher() {
        var idle = host("idle", 4, 4096, 0, 0, 0);
        var busy = loaded(host("busy", 4, 4096, 0, 0, 0), 75);
        assertThat(scorer.score(vm("v"), idle, cluster(DEFAULT, idle))).isEqualTo(0.75);  // the VM's own vCPU claims 1 of 4 cores
        assertThat(scorer.score(vm("v"), busy, cluster(DEFAULT, busy))).isEqualTo(0.25);
    }

    @Test
    void claimedVcpusCountBeforeTheLoadShows() {
        var claimed = host("claimed", 4, 4096, 3, 0, 3);
        assertThat(scorer.score(vm("v"), claimed, cluster(DEFAULT, claimed))).isEqualTo(0.0);
    }
}
