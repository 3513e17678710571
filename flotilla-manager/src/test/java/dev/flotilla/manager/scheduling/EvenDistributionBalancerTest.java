package dev.flotilla.manager.scheduling;

import static dev.flotilla.manager.scheduling.BalanceFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvenDistributionBalancerTest {

    final Scheduler scheduler = new Scheduler();
    final HostCandidate hot = host("hot", 95, 3);
    final HostCandidate cool = host("cool", 20, 1);
    final List<VmDemand> vms = new ArrayList<>();

    {
        vms.addAll(vmsOn(hot, "hot-vm", 3));
        vms.addAll(vmsOn(cool, "cool-vm", 1));
    }

    @Test
    void aHostOverHighUtilizationForTheWholeDurationGivesItsSmallestVmAway() {
        var input = new BalanceInput(vms, Map.of(hot.id(), steady(95, 5), cool.id(), steady(20, 5)), Set.of(), NOW);
        BalanceDecision d = scheduler.balance(cluster(SchedulingPolicy.EVENLY_DISTRIBUTED, hot, cool), input).orElseThrow();

        assertThat(d.vm().name()).isEqualTo("hot-vm0");
        assertThat(d.from()).isEqualTo(hot);
        assertThat(d.to()).isEqualTo(cool);
        assertThat(d.balancer()).isEqualTo("OptimalForEvenDistribution");
        assertThat(d.reason()).isEqualTo("host hot has had its CPU over 80% for 2 minute(s) (now 95%); moving VM hot-vm0 to host cool");
    }

    @Test
    void aShortSpikeMovesNothing() {
        var history = new ArrayList<>(steady(50, 5));
        history.add(new CpuSample(NOW, 99));
        var input = new BalanceInput(vms, Map.of(hot.id(), history), Set.of(), NOW);
        assertThat(scheduler.balance(cluster(SchedulingPolicy.EVENLY_DISTRIBUTED, hot, cool), input)).isEmpty();
        // and a history shorter than the duration proves nothing either
        var young = new BalanceInput(vms, Map.of(hot.id(), List.of(new CpuSample(NOW.minusSeconds(30), 99), new CpuSample(NOW, 99))), Set.of(), NOW);
        assertThat(scheduler.balance(cluster(SchedulingPolicy.EVENLY_DISTRIBUTED, hot, cool), young)).isEmpty();
    }

    @Test
    void recentlyMovedVmsStayAndNoTargetMeansNoMove() {
        var moved = Set.of(vms.get(0).vmId());
        var input = new BalanceInput(vms, Map.of(hot.id(), steady(95, 5)), moved, NOW);
        assertThat(scheduler.balance(cluster(SchedulingPolicy.EVENLY_DISTRIBUTED, hot, cool), input).orElseThrow().vm().name())
                .isEqualTo("hot-vm1");

        var alsoHot = host("also-hot", 85, 1);
        var noRoom = new BalanceInput(vms, Map.of(hot.id(), steady(95, 5)), Set.of(), NOW);
        assertThat(scheduler.balance(cluster(SchedulingPolicy.EVENLY_DISTRIBUTED, hot, alsoHot), noRoom)).isEmpty();
    }

    @Test
    void theNonePolicyNeverBalances() {
        var input = new BalanceInput(vms, Map.of(hot.id(), steady(95, 5)), Set.of(), NOW);
        assertThat(scheduler.balance(cluster(SchedulingPolicy.NONE, hot, cool), input)).isEmpty();
    }
}
