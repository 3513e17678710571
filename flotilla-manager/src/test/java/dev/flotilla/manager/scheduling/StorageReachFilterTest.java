package dev.flotilla.manager.scheduling;

import static dev.flotilla.manager.scheduling.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class StorageReachFilterTest {

    final StorageReachFilter filter = new StorageReachFilter();
    final HostCandidate a = host("a", 4, 4096, 0, 0, 0);
    final HostCandidate b = host("b", 4, 4096, 0, 0, 0);

    @Test
    void aVmOnSharedStorageGoesAnywhere() {
        assertThat(filter.check(vm("v"), b, cluster(DEFAULT, a, b)).accepted()).isTrue();
    }

    @Test
    void aVmWithALocalDiskGoesOnlyToTheHostThatReachesIt() {
        VmDemand local = vm("v").reachableFrom(new HostReach(Set.of(a.id()), "disk d1 is on local storage domain l1, which only host a reaches"));
        assertThat(filter.check(local, a, cluster(DEFAULT, a, b)).accepted()).isTrue();
        assertThat(filter.check(local, b, cluster(DEFAULT, a, b)).reason())
                .isEqualTo("cannot reach the VM's storage: disk d1 is on local storage domain l1, which only host a reaches");
    }

    @Test
    void itRunsEvenWhenACustomPolicyLeavesItOut() {
        SchedulingPolicy bare = new SchedulingPolicy(java.util.UUID.randomUUID(), "bare", "", java.util.List.of(),
                java.util.List.of(), null, java.util.Map.of(), 0);
        ClusterPolicy policy = new ClusterPolicy(100, 400, bare);
        VmDemand local = vm("v").reachableFrom(new HostReach(Set.of(b.id()), "disk d1 is local to b"));
        Placement placed = new Scheduler().place(local, cluster(policy, a, b));
        assertThat(placed.host()).hasValueSatisfying(h -> assertThat(h.name()).isEqualTo("b"));
        assertThat(placed.rejections()).singleElement().satisfies(r -> assertThat(r.filter()).isEqualTo("StorageReach"));
    }

    @Test
    void twoLimitsLeaveTheHostsInBothWithBothReasons() {
        HostReach both = new HostReach(Set.of(a.id(), b.id()), "one").and(new HostReach(Set.of(b.id()), "two"));
        assertThat(both.hostIds()).containsExactly(b.id());
        assertThat(both.why()).isEqualTo("one; two");
    }
}
