package dev.flotilla.manager.migration;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.after;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostFacts;
import dev.flotilla.manager.host.HostStatus;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmCommands;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A command that fails because the manager itself is closing is not a failed migration: the
 * agents carry the migration on and the next manager process settles it, so the runner stops
 * nothing and rewrites nothing. Any other failure still ends it on its source.
 */
class MigrationRunnerTest {

    private final VmCommands commands = mock(VmCommands.class);
    private final VmRepository vms = mock(VmRepository.class);
    private final Migrations migrations = mock(Migrations.class);
    private final MigrationRunner runner = new MigrationRunner(commands, vms, mock(EventLog.class), migrations, Clock.systemUTC(),
            mock(MigrationJobs.class), Duration.ofSeconds(10), Duration.ofSeconds(10));
    private final Instant now = Instant.now();
    private final Vm vm = new Vm(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "moving", "", VmStatus.MigratingFrom, "", now,
            1, 512, false, Vm.Boot.NONE, 0, now);
    private final Host source = new Host(vm.hostId(), vm.clusterId(), "src", HostStatus.Up, "", HostFacts.UNKNOWN, null, 0, now);
    private final Host target = new Host(UUID.randomUUID(), vm.clusterId(), "dst", HostStatus.Up, "", HostFacts.UNKNOWN, null, 0, now);
    private final CompletableFuture<VmCommands.Outcome> migrate = new CompletableFuture<>();

    private void startMigration() {
        when(commands.prepareIncoming(eq(target.id()), any(), anyBoolean()))
                .thenReturn(CompletableFuture.completedFuture(new VmCommands.Outcome(true, "", "")));
        when(commands.migrate(eq(source.id()), eq(vm.id()), any(), anyInt(), any())).thenReturn(migrate);
        when(commands.send(any(), any(), any())).thenReturn(CompletableFuture.completedFuture(new VmCommands.Outcome(true, "", "")));
        MigrationView view = new MigrationView(vm.id(), vm.name(), source.id(), source.name(), target.id(), target.name(), "Running", now,
                null, new MigrationView.Parameters(20, 0, false, false), null, null, null, null, null, null);
        runner.start(new MigrateVm.Plan(vm, source, target), new VmCommands.MigrationParameters(20, 0, false, false, List.of(50)), view, "admin");
        verify(commands, timeout(5_000)).migrate(eq(source.id()), eq(vm.id()), any(), anyInt(), any());
    }

    @Test
    void aManagerClosingLeavesTheMigrationToTheAgents() {
        startMigration();

        runner.managerClosing();
        migrate.completeExceptionally(new IllegalStateException("host src disconnected: the manager is stopping"));

        verify(commands, after(1_000).never()).send(any(), any(), any());
        verify(vms, never()).finishMigration(any(), any(), any(), anyString(), any());
    }

    @Test
    void anyOtherFailureEndsItOnItsSourceAndStopsTheTargetsCopy() {
        startMigration();

        migrate.completeExceptionally(new IllegalStateException("host src disconnected"));

        verify(commands, timeout(5_000)).send(target.id(), vm.id(), VmCommands.Kind.STOP);
        verify(vms, timeout(5_000)).finishMigration(eq(vm.id()), eq(source.id()), eq(VmStatus.Up), anyString(), any());
    }
}
