package dev.flotilla.manager.scheduling;

import static dev.flotilla.manager.scheduling.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VmToHostAffinityFilterTest {

    final VmToHostAffinityFilter filter = new VmToHostAffinityFilter();
    final HostCandidate a = host("a", 4, 4096, 0, 0, 0);
    final HostCandidate b = host("b", 4, 4096, 0, 0, 0);
    final VmDemand db = vm("db");

    @Test
    void positiveEnforcingKeepsTheVmOnTheGroupsHosts() {
        var c = cluster(List.of(group("on-a", true, true, Set.of(db.vmId()), Set.of(a.id()))), Map.of(), a, b);
        assertThat(filter.check(db, a, c).accepted()).isTrue();
        assertThat(filter.check(db, b, c).reason()).isEqualTo("enforcing positive affinity group on-a: the host is not one of its 1 host(s)");
    }

    @Test
    void negativeEnforcingKeepsTheVmOffTheGroupsHosts() {
        var c = cluster(List.of(group("off-a", false, true, Set.of(db.vmId()), Set.of(a.id()))), Map.of(), a, b);
        assertThat(filter.check(db, a, c).reason()).isEqualTo("enforcing negative affinity group off-a: the host is one the group keeps its VMs off");
        assertThat(filter.check(db, b, c).accepted()).isTrue();
    }

    @Test
    void groupsWithoutHostsOrNotEnforcingOrWithoutTheVmDoNotFilter() {
        var c = cluster(List.of(group("soft", true, false, Set.of(db.vmId()), Set.of(a.id())),
                group("vms-only", true, true, Set.of(db.vmId()), Set.of()),
                group("others", true, true, Set.of(vm("x").vmId()), Set.of(a.id()))), Map.of(), a, b);
        assertThat(filter.check(db, b, c).accepted()).isTrue();
    }
}
