package dev.flotilla.manager.scheduling;

import static dev.flotilla.manager.scheduling.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VmAffinityScorerTest {

    final VmAffinityScorer scorer = new VmAffinityScorer();
    final HostCandidate a = host("a", 4, 4096, 0, 0, 1);
    final HostCandidate b = host("b", 4, 4096, 0, 0, 1);
    final VmDemand v = vm("v");
    final VmDemand x = vm("x");
    final VmDemand y = vm("y");

    @Test
    void positivePrefersTheHostOfGroupMates() {
        var c = cluster(List.of(group("soft", true, false, Set.of(v.vmId(), x.vmId(), y.vmId()), Set.of())),
                Map.of(x.vmId(), a.id(), y.vmId(), b.id()), a, b);
        assertThat(scorer.score(v, a, c)).isEqualTo(0.5);
        var c2 = cluster(List.of(group("soft", true, false, Set.of(v.vmId(), x.vmId()), Set.of())), Map.of(x.vmId(), a.id()), a, b);
        assertThat(scorer.score(v, a, c2)).isEqualTo(1.0);
        assertThat(scorer.score(v, b, c2)).isEqualTo(0.0);
    }

    @Test
    void negativePrefersHostsWithoutGroupMates() {
        var c = cluster(List.of(group("soft", false, false, Set.of(v.vmId(), x.vmId()), Set.of())), Map.of(x.vmId(), a.id()), a, b);
        assertThat(scorer.score(v, a, c)).isEqualTo(0.0);
        assertThat(scorer.score(v, b, c)).isEqualTo(1.0);
    }

    @Test
    void enforcingGroupsAndNoGroupsAreNeutral() {
        var c = cluster(List.of(group("hard", false, true, Set.of(v.vmId(), x.vmId()), Set.of())), Map.of(x.vmId(), a.id()), a, b);
        assertThat(scorer.score(v, a, c)).isEqualTo(1.0);
        assertThat(scorer.score(v, a, cluster(DEFAULT, a, b))).isEqualTo(1.0);
    }
}
