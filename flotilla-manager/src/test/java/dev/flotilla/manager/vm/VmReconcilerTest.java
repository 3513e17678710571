package dev.flotilla.manager.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.events.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VmReconcilerTest {

    static final UUID HOST = UUID.randomUUID();
    static final UUID OTHER_HOST = UUID.randomUUID();
    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    final VmReconciler reconciler = new VmReconciler(Duration.ofSeconds(5), Duration.ofSeconds(60));

    static VmReconciler.Wanted wanted(VmStatus status, UUID host, Instant changedAt) {
        return new VmReconciler.Wanted(UUID.randomUUID(), "vm-" + status, status, host, changedAt);
    }

    static ReportedVm reported(UUID id, ReportedVm.State state, String reason) {
        return new ReportedVm(id, state, reason, null);
    }

    VmReconciler.Result run(List<VmReconciler.Wanted> known, List<ReportedVm> reported) {
        return reconciler.reconcile(HOST, "h1", known.stream().collect(java.util.stream.Collectors.toMap(VmReconciler.Wanted::id, w -> w)),
                reported, false, NOW);
    }

    @Test
    void launchedVmThatRunsIsPoweringUpThenUpAfterTheDelay() {
        var launching = wanted(VmStatus.WaitForLaunch, HOST, NOW.minusSeconds(1));
        var booting = wanted(VmStatus.PoweringUp, HOST, NOW.minusSeconds(6));
        var justBooted = wanted(VmStatus.PoweringUp, HOST, NOW.minusSeconds(1));

        var result = run(List.of(launching, booting, justBooted), List.of(
                reported(launching.id(), ReportedVm.State.RUNNING, ""),
                reported(booting.id(), ReportedVm.State.RUNNING, ""),
                reported(justBooted.id(), ReportedVm.State.RUNNING, "")));

        assertThat(result.changes()).extracting(VmChange::vmId, VmChange::to).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(launching.id(), VmStatus.PoweringUp),
                org.assertj.core.groups.Tuple.tuple(booting.id(), VmStatus.Up));
    }

    @Test
    void stoppedVmGoesDownWithTheHostsReasonAndACrashIsAnError() {
        var clean = wanted(VmStatus.PoweringDown, HOST, NOW);
        var crashed = wanted(VmStatus.Up, HOST, NOW);

        var result = run(List.of(clean, crashed), List.of(
                reported(clean.id(), ReportedVm.State.STOPPED, "guest powered off"),
                reported(crashed.id(), ReportedVm.State.CRASHED, "QEMU exited unexpectedly")));

        assertThat(result.changes()).anySatisfy(c -> {
            assertThat(c.vmId()).isEqualTo(clean.id());
            assertThat(c.to()).isEqualTo(VmStatus.Down);
            assertThat(c.reason()).isEqualTo("guest powered off");
            assertThat(c.hostId()).isNull();
            assertThat(c.severity()).isEqualTo(Severity.INFO);
        }).anySatisfy(c -> {
            assertThat(c.vmId()).isEqualTo(crashed.id());
            assertThat(c.severity()).isEqualTo(Severity.ERROR);
        });
    }

    @Test
    void vmThatVanishesWhileUpGoesDownWithTheReason() {
        var up = wanted(VmStatus.Up, HOST, NOW.minusSeconds(100));

        var result = run(List.of(up), List.of());

        assertThat(result.changes()).singleElement().satisfies(c -> {
            assertThat(c.to()).isEqualTo(VmStatus.Down);
            assertThat(c.reason()).contains("vanished").contains("h1");
        });
    }

    @Test
    void aLaunchInFlightIsNotCalledVanished() {
        var launching = wanted(VmStatus.WaitForLaunch, HOST, NOW.minusSeconds(2));

        assertThat(run(List.of(launching), List.of()).changes()).isEmpty();
    }

    @Test
    void partialReportsDoNotMakeOtherVmsVanish() {
        var up = wanted(VmStatus.Up, HOST, NOW.minusSeconds(100));

        var result = reconciler.reconcile(HOST, "h1", Map.of(up.id(), up), List.of(), true, NOW);

        assertThat(result.changes()).isEmpty();
    }

    @Test
    void unknownRunningVmIsRaisedNotKilled() {
        var stranger = reported(UUID.randomUUID(), ReportedVm.State.RUNNING, "");

        var result = run(List.of(), List.of(stranger));

        assertThat(result.unknown()).containsExactly(stranger);
        assertThat(result.changes()).isEmpty();
    }

    @Test
    void runningVmTheDatabaseHasDownIsAdoptedWithAWarning() {
        var down = wanted(VmStatus.Down, null, NOW);

        var result = run(List.of(down), List.of(reported(down.id(), ReportedVm.State.RUNNING, "")));

        assertThat(result.changes()).singleElement().satisfies(c -> {
            assertThat(c.to()).isEqualTo(VmStatus.Up);
            assertThat(c.hostId()).isEqualTo(HOST);
            assertThat(c.severity()).isEqualTo(Severity.WARNING);
        });
    }

    @Test
    void vmPlacedOnAnotherHostIsOnlyReported() {
        var elsewhere = wanted(VmStatus.Up, OTHER_HOST, NOW);

        var result = run(List.of(elsewhere), List.of(reported(elsewhere.id(), ReportedVm.State.RUNNING, "")));

        assertThat(result.changes()).isEmpty();
        assertThat(result.warnings()).singleElement().asString().contains("another host");
    }

    @Test
    void aCopyWaitingForAStreamOnAHostThatIsNotTheTargetIsStale() {
        var elsewhere = wanted(VmStatus.Up, OTHER_HOST, NOW);
        var migrating = new VmReconciler.Wanted(UUID.randomUUID(), "vm-m", VmStatus.MigratingFrom, OTHER_HOST, NOW, HOST);

        var result = run(List.of(elsewhere, migrating), List.of(reported(elsewhere.id(), ReportedVm.State.STARTING, ""),
                reported(migrating.id(), ReportedVm.State.STARTING, "")));

        assertThat(result.changes()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        // the copy for a migration to this host is expected; the other never ran the guest and can go
        assertThat(result.staleIncoming()).singleElement().satisfies(w -> assertThat(w.id()).isEqualTo(elsewhere.id()));
    }

    @Test
    void pausedAndShuttingDownFollowTheHost() {
        var paused = wanted(VmStatus.Up, HOST, NOW);
        var stopping = wanted(VmStatus.Up, HOST, NOW);
        var resumed = wanted(VmStatus.Paused, HOST, NOW);

        var result = run(List.of(paused, stopping, resumed), List.of(
                reported(paused.id(), ReportedVm.State.PAUSED, "paused by the agent"),
                reported(stopping.id(), ReportedVm.State.SHUTTING_DOWN, ""),
                reported(resumed.id(), ReportedVm.State.RUNNING, "")));

        assertThat(result.changes()).extracting(VmChange::vmId, VmChange::to).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(paused.id(), VmStatus.Paused),
                org.assertj.core.groups.Tuple.tuple(stopping.id(), VmStatus.PoweringDown),
                org.assertj.core.groups.Tuple.tuple(resumed.id(), VmStatus.Up));
    }
}
