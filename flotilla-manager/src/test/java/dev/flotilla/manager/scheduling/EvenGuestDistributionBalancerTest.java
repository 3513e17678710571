package dev.flotilla.manager.scheduling;

import static dev.flotilla.manager.scheduling.BalanceFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvenGuestDistributionBalancerTest {

    final Scheduler scheduler = new Scheduler();

    BalanceInput input(HostCandidate... hosts) {
        List<VmDemand> vms = new ArrayList<>();
        for (HostCandidate h : hosts) {
            vms.addAll(vmsOn(h, h.name() + "-vm", h.vmCount()));
        }
        return new BalanceInput(vms, Map.of(), Set.of(), NOW);
    }

    @Test
    void aCrowdedHostGivesAVmToTheLeastCrowded() {
        var crowded = host("crowded", 30, 12);
        var some = host("some", 30, 6);
        var few = host("few", 30, 2);
        BalanceDecision d = scheduler.balance(cluster(SchedulingPolicy.VM_EVENLY_DISTRIBUTED, crowded, some, few),
                input(crowded, some, few)).orElseThrow();
        assertThat(d.from()).isEqualTo(crowded);
        assertThat(d.to()).isEqualTo(few);
        assertThat(d.reason()).startsWith("host crowded runs 12 VMs, over HighVmCount 10 and 10 more than the least crowded host");
    }

    @Test
    void belowHighVmCountOrWithinTheThresholdNothingMoves() {
        var nine = host("nine", 30, 9);
        var none = host("none", 30, 0);
        assertThat(scheduler.balance(cluster(SchedulingPolicy.VM_EVENLY_DISTRIBUTED, nine, none), input(nine, none))).isEmpty();
        var twelve = host("twelve", 30, 12);
        var eight = host("eight", 30, 8);
        assertThat(scheduler.balance(cluster(SchedulingPolicy.VM_EVENLY_DISTRIBUTED, twelve, eight), input(twelve, eight))).isEmpty();
    }
}
