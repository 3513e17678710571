package dev.flotilla.manager.migration;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.scheduling.Scheduler;
import dev.flotilla.manager.vm.ClusterSnapshots;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmCommands;
import dev.flotilla.manager.vm.VmDemands;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Migrate and cancel, for the REST API, the console and (later) the balancing loop. Defaults
 * (Spring properties {@code flotilla.migration.*}): 20 ms of downtime at first, raised through
 * 50, 100, 200 and 500 ms while the migration does not converge, then cancelled; no bandwidth cap;
 * no auto-converge; no post-copy.
 */
@Service
public class MigrationService {

    private final ActionRunner actions;
    private final MigrateVm migrate;
    private final MigrationRunner runner;
    private final Migrations migrations;
    private final VmRepository vms;
    private final VmCommands commands;
    private final EventLog events;
    private final Clock clock;
    private final ClusterMigrationDefaults clusterDefaults;
    private final List<Integer> downtimeSteps;
    private final MigrationJobs jobs;
    /** The longest a client may wait on one {@code GET /migration?wait=}: a request thread is held meanwhile. */
    static final Duration MAX_WAIT = Duration.ofSeconds(60);

    MigrationService(ActionRunner actions, MigrationRunner runner, Migrations migrations, VmRepository vms, HostRepository hosts,
                     ClusterRepository clusters, ClusterSnapshots snapshots, Scheduler scheduler, VmDemands demands, JdbcClient jdbc, VmCommands commands,
                     EventLog events, Clock clock, ClusterMigrationDefaults clusterDefaults, ManagerMigrationSettings settings,
                     MigrationJobs jobs) {
        this.jobs = jobs;
        this.actions = actions;
        this.migrate = new MigrateVm(vms, hosts, clusters, snapshots, scheduler, demands, jdbc, clock);
        this.runner = runner;
        this.migrations = migrations;
        this.vms = vms;
        this.commands = commands;
        this.events = events;
        this.clock = clock;
        this.clusterDefaults = clusterDefaults;
        this.downtimeSteps = settings.downtimeSteps();
    }

    /**
     * Starts a migration and returns at once (202): the migration runs on, {@link #get} follows it.
     *
     * @throws BadRequestException bad parameters or an unknown / foreign target host
     * @throws ConflictException the VM is not Up, or no host can take it (each host with why)
     */
    public MigrationView migrate(UUID vmId, MigrationInput in) {
        MigrationTimeline timeline = MigrationTimeline.acceptedAt(System.nanoTime());
        MigrationInput input = in == null ? MigrationInput.DEFAULTS : in;
        MigrationView.Parameters p = new MigrationDefaults(input.maxDowntimeMs(), input.bandwidthMiBps(), input.autoConverge(),
                input.postCopy()).validated().over(clusterDefaults.forCluster(vms.get(vmId).clusterId()));
        if (migrations.of(vmId).filter(MigrationView::running).isPresent()) {
            throw new ConflictException("VM %s is migrating already".formatted(vms.get(vmId).name()));
        }
        MigrateVm.Plan plan = actions.run(migrate, new MigrateVm.Input(vmId, input.targetHostId()));
        MigrationView view = new MigrationView(plan.vm().id(), plan.vm().name(), plan.source().id(), plan.source().name(),
                plan.target().id(), plan.target().name(), "Running", clock.instant(), null, p, null, null, null, null, null,
                timeline.mark("committed", System.nanoTime()));
        migrations.start(view);
        jobs.begun(view, EventLog.currentUser());     // queued before the runner's first step
        runner.start(plan, new VmCommands.MigrationParameters(p.maxDowntimeMs(), p.bandwidthMiBps() * 1024L * 1024L,
                p.autoConverge(), p.postCopy(), downtimeSteps), view, EventLog.currentUser());
        return view;
    }

    /**
     * Cancels the VM's migration; it goes on running on its source.
     *
     * @throws ConflictException the VM is not migrating, or its host refused
     */
    public MigrationView cancel(UUID vmId) {
        Vm vm = vms.get(vmId);
        if (vm.status() != VmStatus.MigratingFrom) {
            throw new ConflictException("VM %s is %s, not migrating".formatted(vm.name(), vm.status()));
        }
        runner.cancelRequested(vmId);
        VmCommands.Outcome outcome;
        try {
            outcome = commands.cancelMigration(vm.hostId(), vmId).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            outcome = new VmCommands.Outcome(false, "FAILED", "its host did not answer (" + e.getMessage() + ")");
        }
        if (!outcome.ok()) {
            // the migration goes on: if it fails later, that is a failure, not this cancel
            runner.cancelNotDone(vmId);
            throw new ConflictException("cannot cancel the migration of VM %s: %s".formatted(vm.name(), outcome.message()));
        }
        events.info(ObjectRef.vm(vm.id(), vm.name()), "Cancel of the migration of VM %s requested".formatted(vm.name()));
        return get(vmId);
    }

    /** The VM's running migration, or the last one that ended; 404 when it never migrated since the manager started. */
    public MigrationView get(UUID vmId) {
        return get(vmId, Duration.ZERO);
    }

    /** A client's {@code wait} in seconds, checked: 0 to {@link #MAX_WAIT}. */
    static Duration waitOf(long seconds) {
        if (seconds < 0 || seconds > MAX_WAIT.toSeconds()) {
            throw BadRequestException.field("wait", "must be between 0 and %d seconds".formatted(MAX_WAIT.toSeconds()));
        }
        return Duration.ofSeconds(seconds);
    }

    /**
     * As {@link #get(UUID)}, but while the migration runs it waits up to {@code wait} (at most
     * {@link #MAX_WAIT}) for it to end.
     */
    public MigrationView get(UUID vmId, Duration wait) {
        Vm vm = vms.get(vmId);
        waitOf(wait.toSeconds());
        try {
            return migrations.awaitEnd(vmId, wait).orElseThrow(() ->
                    new NotFoundException("VM %s has not migrated since the manager started".formatted(vm.name())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return migrations.of(vmId).orElseThrow();
        }
    }
}
