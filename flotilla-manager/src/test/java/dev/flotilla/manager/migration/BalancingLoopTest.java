package dev.flotilla.manager.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.flotilla.manager.datacenter.Cluster;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.host.HostPresence;
import dev.flotilla.manager.host.HostStats;
import dev.flotilla.manager.scheduling.ClusterPolicy;
import dev.flotilla.manager.scheduling.ClusterSnapshot;
import dev.flotilla.manager.scheduling.HostCandidate;
import dev.flotilla.manager.scheduling.Scheduler;
import dev.flotilla.manager.scheduling.SchedulingPolicy;
import dev.flotilla.manager.vm.ClusterSnapshots;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmDemands;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.scheduling.VmDemand;
import dev.flotilla.manager.vm.VmStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The loop around the policies' balance functions: CPU history, the one-at-a-time rule, hysteresis and events. */
class BalancingLoopTest {

    private static final class Hands extends Clock {
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private final Hands clock = new Hands();
    private final ClusterRepository clusters = mock(ClusterRepository.class);
    private final ClusterSnapshots snapshots = mock(ClusterSnapshots.class);
    private final VmRepository vms = mock(VmRepository.class);
    private final HostPresence presence = mock(HostPresence.class);
    private final MigrationService migrations = mock(MigrationService.class);
    private final Migrations running = mock(Migrations.class);
    private final EventLog events = mock(EventLog.class);
    private final VmDemands demands = mock(VmDemands.class);
    private final Cluster cluster = new Cluster(UUID.randomUUID(), UUID.randomUUID(), "c", "", 100, 400, "evenly_distributed",
            Map.of(), null, 0, clock.now);
    private final HostCandidate hot = host("hot", 95);
    private final HostCandidate cool = host("cool", 10);
    private final Vm vm = new Vm(UUID.randomUUID(), cluster.id(), hot.id(), "busy-vm", "", VmStatus.Up, "", clock.now, 1, 512,
            false, Vm.Boot.NONE, 0, clock.now);
    private BalancingLoop loop;

    private static HostCandidate host(String name, double load) {
        return new HostCandidate(UUID.nameUUIDFromBytes(name.getBytes()), name, "Up", true, 16, 65536, 1, 512, 1, "", load);
    }

    @BeforeEach
    void wire() {
        loop = new BalancingLoop(clusters, snapshots, new Scheduler(), demands, vms, presence, migrations, running, events, clock, Duration.ofMinutes(10));
        when(clusters.all()).thenReturn(List.of(cluster));
        when(demands.toMove(org.mockito.ArgumentMatchers.<Vm>anyList())).thenAnswer(call -> {
            List<Vm> up = call.getArgument(0);
            return up.stream().map(v -> new VmDemand(v.id(), v.name(), v.cpus(), v.memoryMiB(), v.hostId())).toList();
        });
        when(snapshots.of(cluster)).thenReturn(new ClusterSnapshot("c", new ClusterPolicy(100, 400, SchedulingPolicy.EVENLY_DISTRIBUTED), List.of(hot, cool)));
        when(vms.upInCluster(cluster.id())).thenReturn(List.of(vm));
        when(presence.get(hot.id())).thenReturn(Optional.of(live(95)));
        when(presence.get(cool.id())).thenReturn(Optional.of(live(10)));
        when(running.of(any())).thenReturn(Optional.empty());
    }

    private HostPresence.Live live(double cpu) {
        return new HostPresence.Live(true, clock.now, new HostStats(cpu, 1024, 65536, 1, 1, 1, 100, 0, 0, 0, 0));
    }

    /** Runs the loop once a minute for {@code minutes} minutes. */
    private void runFor(int minutes) {
        for (int i = 0; i <= minutes; i++) {
            loop.run();
            clock.now = clock.now.plus(Duration.ofMinutes(1));
        }
    }

    @Test
    void aHostOverHighUtilizationForTheWholeWindowGivesAVmToACoolHostWithTheReasonInTheEvents() {
        runFor(3);

        ArgumentCaptor<MigrationInput> input = ArgumentCaptor.forClass(MigrationInput.class);
        verify(migrations).migrate(eq(vm.id()), input.capture());
        assertThat(input.getValue().targetHostId()).isEqualTo(cool.id());
        ArgumentCaptor<String> message = ArgumentCaptor.forClass(String.class);
        verify(events).info(any(), message.capture());
        assertThat(message.getValue()).startsWith("Balancing (OptimalForEvenDistribution): host hot")
                .contains("over 80%").contains("busy-vm").contains("cool");
    }

    @Test
    void aShortSpikeMovesNothing() {
        runFor(1);

        verify(migrations, never()).migrate(any(), any());
    }

    @Test
    void aVmItMovedIsLeftAloneForTheHysteresis() {
        runFor(3);
        // the migration "failed": the VM is still Up on the hot host, but it is not picked again
        runFor(5);

        verify(migrations).migrate(eq(vm.id()), any());
        verify(events, never()).warning(any(), anyString());
    }

    @Test
    void nothingMovesWhileItsLastMoveStillMigrates() {
        // the migration it starts never ends, even past the hysteresis
        when(running.of(vm.id())).thenReturn(Optional.of(new MigrationView(vm.id(), "busy-vm", hot.id(), "hot", cool.id(), "cool",
                "Running", clock.now, null, null, null, null, null, null, null, null)));
        runFor(3);
        clock.now = clock.now.plus(Duration.ofMinutes(11));
        runFor(3);

        verify(migrations).migrate(eq(vm.id()), any());
    }
}
