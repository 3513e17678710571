package dev.flotilla.manager.migration;

import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.jobs.JobHandle;
import dev.flotilla.manager.jobs.Jobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Each migration as a job in {@code /api/v1/jobs}: its steps (preparing the target, migrating
 * memory), its progress (the share of guest memory sent) and how it ended.
 *
 * <p>The job is written only once the migration has run {@code flotilla.migration.job-after}
 * (1 s), or when it ends if that is sooner. A migration of an idle guest is over in a few hundred
 * milliseconds, and on a small host its job's five commits (each also a change on the console's
 * live feed) would land exactly while the two QEMUs need the CPU; written at the end, they come
 * after the client was told and carry the migration's own start time. All writes run on one
 * thread of their own, in order, so no commit ever stands between the target being ready and the
 * source starting to send.
 */
@Component
class MigrationJobs {

    private final Jobs jobs;
    private final Clock clock;
    private final Duration writeAfter;
    /** Only the writer thread touches these two maps. */
    private final Map<UUID, Pending> pending = new HashMap<>();
    private final Map<UUID, JobHandle> byVm = new HashMap<>();
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "migration-jobs");
        t.setDaemon(true);
        return t;
    });

    /** A migration whose job is not written yet: what it will be written with. */
    private static final class Pending {
        final MigrationView view;
        final String user;
        final Instant begun;
        final List<String> steps = new ArrayList<>();
        double percent = -1;

        Pending(MigrationView view, String user, Instant begun) {
            this.view = view;
            this.user = user;
            this.begun = begun;
        }
    }

    MigrationJobs(Jobs jobs, Clock clock, @Value("${flotilla.migration.job-after:PT1S}") Duration writeAfter) {
        this.jobs = jobs;
        this.clock = clock;
        this.writeAfter = writeAfter;
    }

    void begun(MigrationView v, String user) {
        Pending p = new Pending(v, user, clock.instant());
        p.steps.add("preparing the incoming VM on host " + v.targetHost());
        writer.execute(() -> pending.put(v.vmId(), p));
        // the same VM may have migrated again by then: only this migration's own pending job is written
        writer.schedule(() -> {
            if (pending.get(v.vmId()) == p) {
                written(v.vmId());
            }
        }, writeAfter.toMillis(), TimeUnit.MILLISECONDS);
    }

    void step(UUID vmId, String description) {
        writer.execute(() -> {
            Pending p = pending.get(vmId);
            if (p != null) {
                p.steps.add(description);
            } else {
                Optional.ofNullable(byVm.get(vmId)).ifPresent(job -> job.step(description));
            }
        });
    }

    void progress(UUID vmId, MigrationProgress progress) {
        writer.execute(() -> {
            Pending p = pending.get(vmId);
            if (p != null) {
                p.percent = progress.percent();
            } else {
                Optional.ofNullable(byVm.get(vmId)).ifPresent(job -> job.progress(progress.percent()));
            }
        });
    }

    void completed(UUID vmId) {
        end(vmId, job -> {
            job.progress(100);
            job.finish();
        });
    }

    void ended(UUID vmId, boolean cancelled, String why) {
        end(vmId, job -> {
            if (cancelled) {
                job.cancel(why);
            } else {
                job.fail(why);
            }
        });
    }

    private void end(UUID vmId, Consumer<JobHandle> ending) {
        writer.execute(() -> {
            written(vmId).ifPresent(ending);
            byVm.remove(vmId);
        });
    }

    /** Writes the VM's pending job, if it has one, with the steps and progress it gathered; its written job. */
    private Optional<JobHandle> written(UUID vmId) {
        Pending p = pending.remove(vmId);
        if (p != null) {
            MigrationView v = p.view;
            JobHandle job = jobs.startFor(p.user, "Migrating VM %s from host %s to host %s".formatted(v.vmName(), v.sourceHost(), v.targetHost()),
                    p.begun, ObjectRef.vm(v.vmId(), v.vmName()), ObjectRef.host(v.sourceHostId(), v.sourceHost()),
                    ObjectRef.host(v.targetHostId(), v.targetHost()));
            p.steps.forEach(job::step);
            if (p.percent >= 0) {
                job.progress(p.percent);
            }
            byVm.put(vmId, job);
        }
        return Optional.ofNullable(byVm.get(vmId));
    }
}
