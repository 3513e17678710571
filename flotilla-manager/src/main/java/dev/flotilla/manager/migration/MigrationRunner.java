package dev.flotilla.manager.migration;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.events.Severity;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmCommands;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Carries out a committed migration on its own thread: the target starts the VM waiting on a port
 * of its range, the source migrates to that address and port, and the outcome moves the VM — Up on
 * the target, or (failed, cancelled) Up on the source with the target's copy stopped. Every end is
 * an event in the name of whoever asked for the migration.
 */
@Component
class MigrationRunner {

    private final VmCommands commands;
    private final VmRepository vms;
    private final EventLog events;
    private final Migrations migrations;
    private final Clock clock;
    private final Duration prepareTimeout;
    private final Duration migrationTimeout;
    private final MigrationJobs jobs;
    private final Set<UUID> cancelRequested = ConcurrentHashMap.newKeySet();
    private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);
    private volatile boolean closing;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "migration");
        t.setDaemon(true);
        return t;
    });

    MigrationRunner(VmCommands commands, VmRepository vms, EventLog events, Migrations migrations, Clock clock, MigrationJobs jobs,
                    @Value("${flotilla.migration.prepare-timeout:PT60S}") Duration prepareTimeout,
                    @Value("${flotilla.migration.timeout:PT6H}") Duration migrationTimeout) {
        this.commands = commands;
        this.vms = vms;
        this.events = events;
        this.migrations = migrations;
        this.clock = clock;
        this.jobs = jobs;
        this.prepareTimeout = prepareTimeout;
        this.migrationTimeout = migrationTimeout;
    }

    void start(MigrateVm.Plan plan, VmCommands.MigrationParameters parameters, MigrationView view, String user) {
        cancelRequested.remove(plan.vm().id());
        threads.execute(() -> run(plan, parameters, view, user));
    }

    void cancelRequested(UUID vmId) {
        cancelRequested.add(vmId);
    }

    void cancelNotDone(UUID vmId) {
        cancelRequested.remove(vmId);
    }

    private void run(MigrateVm.Plan plan, VmCommands.MigrationParameters parameters, MigrationView view, String user) {
        Vm vm = plan.vm();
        Host source = plan.source();
        Host target = plan.target();
        ObjectRef ref = ObjectRef.vm(vm.id(), vm.name());
        try {
            migrations.mark(vm.id(), "targetAsked");
            CompletableFuture<VmCommands.Outcome> starting = commands.prepareIncoming(target.id(), vm, parameters.postCopy());
            // meanwhile the source sets its capabilities and parameters; if it cannot, the migrate does
            commands.prepareMigration(source.id(), vm.id(), parameters);
            VmCommands.Outcome incoming = await(starting, prepareTimeout);
            migrations.mark(vm.id(), "targetReady");
            if (!incoming.ok()) {
                throw new Failure("host %s could not prepare the incoming VM: %s".formatted(target.name(), incoming.message()));
            }
            CompletableFuture<VmCommands.Outcome> sending = commands.migrate(source.id(), vm.id(), target.facts().address(),
                    incoming.incomingPort(), parameters);
            migrations.mark(vm.id(), "sourceAsked");
            jobs.step(vm.id(), "migrating memory from host %s to host %s".formatted(source.name(), target.name()));
            VmCommands.Outcome done = await(sending, migrationTimeout);
            migrations.mark(vm.id(), "sourceAnswered");
            if (!done.ok() || done.migration() == null) {
                throw new Failure(done.message());
            }
            VmCommands.MigrationFigures f = done.migration();
            vms.finishMigration(vm.id(), target.id(), VmStatus.Up, "migrated from host " + source.name(), clock.instant());
            // clients waiting on the migration are woken first; the job and the event are written after
            MigrationView ended = migrations.of(vm.id()).orElse(view).completed(clock.instant(), f.downtimeMs(), f.totalTimeMs(),
                    f.transferredBytes());
            migrations.end(ended.withTimeline(ended.timeline() == null ? null
                    : ended.timeline().withSourceAgent(f.agentSetupMs(), f.agentFinishMs())).marked("recorded"));
            jobs.completed(vm.id());
            events.record(Severity.INFO, ref, "VM %s migrated from host %s to host %s in %d ms; the guest paused for %d ms (allowed: %d ms)"
                    .formatted(vm.name(), source.name(), target.name(), f.totalTimeMs(), f.downtimeMs(), f.finalDowntimeLimitMs()), user);
        } catch (Failure e) {
            failed(plan, view, e.getMessage(), user);
        } catch (RuntimeException e) {
            failed(plan, view, "the manager failed: " + e, user);
        } finally {
            cancelRequested.remove(vm.id());
        }
    }

    /**
     * From the moment the manager starts to close: the agents' links are about to go, which fails
     * every command still waiting. That is not the migration failing (the agents carry it on), so
     * nothing is stopped or rewritten; the next manager process settles it ({@link OrphanedMigrations}).
     */
    @EventListener(ContextClosedEvent.class)
    void managerClosing() {
        closing = true;
    }

    private void failed(MigrateVm.Plan plan, MigrationView view, String why, String user) {
        if (closing) {
            LOG.info("manager closing: the migration of VM {} is left to the agents ({})", plan.vm().name(), why);
            return;
        }
        Vm vm = plan.vm();
        boolean cancelled = cancelRequested.contains(vm.id());
        // The incoming copy ends by itself when the migration fails; a stop makes sure (it may answer that it is gone).
        await(commands.send(plan.target().id(), vm.id(), VmCommands.Kind.STOP), prepareTimeout);
        vms.finishMigration(vm.id(), plan.source().id(), VmStatus.Up, cancelled ? "migration cancelled" : "migration failed: " + why, clock.instant());
        jobs.ended(vm.id(), cancelled, why);
        migrations.end(migrations.of(vm.id()).orElse(view).failed(clock.instant(), cancelled ? "Cancelled" : "Failed", why));
        events.record(cancelled ? Severity.WARNING : Severity.ERROR, ObjectRef.vm(vm.id(), vm.name()),
                "Migration of VM %s from host %s to host %s %s: %s".formatted(vm.name(), plan.source().name(), plan.target().name(),
                        cancelled ? "was cancelled" : "failed", why), user);
    }

    /** The agent's answer; a refusal, a lost host or no answer in time become an outcome that is not ok. */
    private static VmCommands.Outcome await(CompletableFuture<VmCommands.Outcome> answer, Duration timeout) {
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(false);
            return new VmCommands.Outcome(false, "TIMEOUT", "no answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            return new VmCommands.Outcome(false, "FAILED", String.valueOf(e.getCause() == null ? e : e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new VmCommands.Outcome(false, "INTERRUPTED", "interrupted");
        }
    }

    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }
}
