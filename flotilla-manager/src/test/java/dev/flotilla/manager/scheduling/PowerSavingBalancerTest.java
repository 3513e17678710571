package dev.flotilla.manager.scheduling;

import static dev.flotilla.manager.scheduling.BalanceFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PowerSavingBalancerTest {

    final Scheduler scheduler = new Scheduler();

    @Test
    void anUnderUtilizedHostIsEmptiedOntoABusierOne() {
        var idle = host("idle", 5, 2);
        var working = host("working", 50, 4);
        var empty = host("empty", 0, 0);
        List<VmDemand> vms = new ArrayList<>(vmsOn(idle, "idle-vm", 2));
        vms.addAll(vmsOn(working, "work-vm", 4));
        var input = new BalanceInput(vms, Map.of(idle.id(), steady(5, 5), working.id(), steady(50, 5), empty.id(), steady(0, 5)), Set.of(), NOW);

        BalanceDecision d = scheduler.balance(cluster(SchedulingPolicy.POWER_SAVING, idle, working, empty), input).orElseThrow();

        assertThat(d.from()).isEqualTo(idle);
        assertThat(d.to()).isEqualTo(working);
        assertThat(d.reason()).startsWith("host idle has had its CPU under 20% for 2 minute(s) (now 5%): emptying it to save power");
    }

    @Test
    void overUtilizationComesFirst() {
        var idle = host("idle", 5, 1);
        var hot = host("hot", 90, 2);
        var mid = host("mid", 40, 2);
        List<VmDemand> vms = new ArrayList<>(vmsOn(idle, "idle-vm", 1));
        vms.addAll(vmsOn(hot, "hot-vm", 2));
        vms.addAll(vmsOn(mid, "mid-vm", 2));
        var input = new BalanceInput(vms, Map.of(idle.id(), steady(5, 5), hot.id(), steady(90, 5), mid.id(), steady(40, 5)), Set.of(), NOW);

        assertThat(scheduler.balance(cluster(SchedulingPolicy.POWER_SAVING, idle, hot, mid), input).orElseThrow().from()).isEqualTo(hot);
    }

    @Test
    void withOnlyUnderUtilizedHostsNothingMoves() {
        var a = host("a", 5, 1);
        var b = host("b", 10, 1);
        List<VmDemand> vms = new ArrayList<>(vmsOn(a, "a-vm", 1));
        vms.addAll(vmsOn(b, "b-vm", 1));
        var input = new BalanceInput(vms, Map.of(a.id(), steady(5, 5), b.id(), steady(10, 5)), Set.of(), NOW);
        assertThat(scheduler.balance(cluster(SchedulingPolicy.POWER_SAVING, a, b), input)).isEmpty();
    }
}
