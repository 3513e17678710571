package dev.flotilla.manager.scheduling;

import static dev.flotilla.manager.scheduling.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The same hosts, four policies: each policy's choice follows its purpose. */
class SchedulerPoliciesTest {

    final HostCandidate idle = host("idle", 8, 16384, 0, 0, 0);
    final HostCandidate busy = loaded(host("busy", 8, 16384, 4, 8192, 4), 50);
    final HostCandidate crowded = host("crowded", 8, 16384, 2, 2048, 12);
    final Scheduler scheduler = new Scheduler();

    HostCandidate place(SchedulingPolicy policy, VmDemand vm, List<AffinityGroup> groups, Map<java.util.UUID, java.util.UUID> vmHosts) {
        var c = new ClusterSnapshot("c", new ClusterPolicy(100, 400, policy), List.of(idle, busy, crowded), groups, vmHosts);
        return scheduler.place(vm, c).host().orElseThrow();
    }

    @Test
    void eachBuiltInPolicyPlacesByItsPurpose() {
        VmDemand v = vm("v");
        assertThat(place(SchedulingPolicy.NONE, v, List.of(), Map.of())).isEqualTo(idle);
        assertThat(place(SchedulingPolicy.EVENLY_DISTRIBUTED, v, List.of(), Map.of())).isEqualTo(idle);
        assertThat(place(SchedulingPolicy.POWER_SAVING, v, List.of(), Map.of())).isEqualTo(busy);
        assertThat(place(SchedulingPolicy.VM_EVENLY_DISTRIBUTED, v, List.of(), Map.of())).isEqualTo(idle);
    }

    @Test
    void softAffinityOutweighsLoadButEnforcingAffinityIsAbsolute() {
        VmDemand v = vm("v");
        VmDemand mate = vm("mate");
        var soft = group("soft", true, false, Set.of(v.vmId(), mate.vmId()), Set.of());
        assertThat(place(SchedulingPolicy.EVENLY_DISTRIBUTED, v, List.of(soft), Map.of(mate.vmId(), crowded.id()))).isEqualTo(crowded);
        var hardApart = group("hard", false, true, Set.of(v.vmId(), mate.vmId()), Set.of());
        assertThat(place(SchedulingPolicy.POWER_SAVING, v, List.of(hardApart), Map.of(mate.vmId(), busy.id()))).isNotEqualTo(busy);
    }

    @Test
    void everyBuiltInPolicyNamesOnlyKnownUnits() {
        for (SchedulingPolicy p : SchedulingPolicy.BUILT_IN) {
            assertThat(p.filters()).allMatch(n -> SchedulingUnits.filter(n).isPresent());
            assertThat(p.scorers()).allMatch(w -> SchedulingUnits.scorer(w.name()).isPresent());
            assertThat(p.parameters().keySet()).isSubsetOf(SchedulingPolicy.DEFAULT_PARAMETERS.keySet());
            assertThat(p.balancer() == null || SchedulingUnits.balancer(p.balancer()).isPresent()).isTrue();
        }
        assertThat(SchedulingUnits.all()).hasSize(19);
    }
}
