package dev.flotilla.manager.scheduling;

import static dev.flotilla.manager.scheduling.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VmAffinityFilterTest {

    final VmAffinityFilter filter = new VmAffinityFilter();
    final HostCandidate a = host("a", 4, 4096, 0, 0, 1);
    final HostCandidate b = host("b", 4, 4096, 0, 0, 0);
    final VmDemand web1 = vm("web1");
    final VmDemand web2 = vm("web2");

    @Test
    void positiveEnforcingKeepsTheVmWithItsRunningGroupMates() {
        var together = group("together", true, true, Set.of(web1.vmId(), web2.vmId()), Set.of());
        var c = cluster(List.of(together), Map.of(web1.vmId(), a.id()), a, b);

        assertThat(filter.check(web2, a, c).accepted()).isTrue();
        assertThat(filter.check(web2, b, c).reason())
                .isEqualTo("enforcing positive affinity group together: its 1 other running VM(s) are on other hosts");
    }

    @Test
    void positiveWithNoGroupMateRunningGoesAnywhere() {
        var together = group("together", true, true, Set.of(web1.vmId(), web2.vmId()), Set.of());
        assertThat(filter.check(web2, b, cluster(List.of(together), Map.of(), a, b)).accepted()).isTrue();
    }

    @Test
    void negativeEnforcingKeepsTheVmAwayFromItsGroupMates() {
        var apart = group("apart", false, true, Set.of(web1.vmId(), web2.vmId()), Set.of());
        var c = cluster(List.of(apart), Map.of(web1.vmId(), a.id()), a, b);

        assertThat(filter.check(web2, a, c).reason()).isEqualTo("enforcing negative affinity group apart: 1 of its VM(s) run on this host");
        assertThat(filter.check(web2, b, c).accepted()).isTrue();
    }

    @Test
    void aGroupThatDoesNotEnforceIsNotAFilter() {
        var apart = group("apart", false, false, Set.of(web1.vmId(), web2.vmId()), Set.of());
        assertThat(filter.check(web2, a, cluster(List.of(apart), Map.of(web1.vmId(), a.id()), a, b)).accepted()).isTrue();
    }

    @Test
    void theVmItselfDoesNotCountAsItsOwnGroupMate() {
        var apart = group("apart", false, true, Set.of(web1.vmId(), web2.vmId()), Set.of());
        // web2 migrating: it runs on a already
        assertThat(filter.check(web2, a, cluster(List.of(apart), Map.of(web2.vmId(), a.id()), a, b)).accepted()).isTrue();
    }
}
