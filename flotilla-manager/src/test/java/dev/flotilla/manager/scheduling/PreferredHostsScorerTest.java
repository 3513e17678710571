package dev.flotilla.manager.scheduling;

import static dev.flotilla.manager.scheduling.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreferredHostsScorerTest {

    final PreferredHostsScorer scorer = new PreferredHostsScorer();
    final HostCandidate a = host("a", 4, 4096, 0, 0, 0);
    final HostCandidate b = host("b", 4, 4096, 0, 0, 0);
    final VmDemand v = vm("v");

    @Test
    void positivePrefersTheGroupsHostsNegativeTheOthers() {
        var pos = cluster(List.of(group("prefer-a", true, false, Set.of(v.vmId()), Set.of(a.id()))), Map.of(), a, b);
        var neg = cluster(List.of(group("avoid-a", false, false, Set.of(v.vmId()), Set.of(a.id()))), Map.of(), a, b);
        assertThat(scorer.score(v, a, pos)).isEqualTo(1.0);
        assertThat(scorer.score(v, b, pos)).isEqualTo(0.0);
        assertThat(scorer.score(v, a, neg)).isEqualTo(0.0);
        assertThat(scorer.score(v, b, neg)).isEqualTo(1.0);
    }

    @Test
    void enforcingGroupsAreLeftToTheFilter() {
        var hard = cluster(List.of(group("only-a", true, true, Set.of(v.vmId()), Set.of(a.id()))), Map.of(), a, b);
        assertThat(scorer.score(v, b, hard)).isEqualTo(1.0);
    }
}
