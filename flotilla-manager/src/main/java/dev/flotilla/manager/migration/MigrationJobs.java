package dev.flotilla.manager.migration;

import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.jobs.JobHandle;
import dev.flotilla.manager.jobs.Jobs;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Each migration as a job in {@code /api/v1/jobs}: its steps (preparing the target, migrating
 * memory), its progress (the share of guest memory sent) and how it ended. The writes run on one
 * thread of their own, in order, so no database commit ever stands between the target being ready
 * and the source starting to send.
 */
@Component
class MigrationJobs {

    private final Jobs jobs;
    /** Only the writer thread touches the handles. */
    private final Map<UUID, JobHandle> byVm = new ConcurrentHashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "migration-jobs");
        t.setDaemon(true);
        return t;
    });

    MigrationJobs(Jobs jobs) {
        this.jobs = jobs;
    }

    void begun(MigrationView v, String user) {
        writer.execute(() -> {
            JobHandle job = jobs.startFor(user, "Migrating VM %s from host %s to host %s".formatted(v.vmName(), v.sourceHost(), v.targetHost()),
                    ObjectRef.vm(v.vmId(), v.vmName()), ObjectRef.host(v.sourceHostId(), v.sourceHost()), ObjectRef.host(v.targetHostId(), v.targetHost()));
            byVm.put(v.vmId(), job.step("preparing the incoming VM on host " + v.targetHost()));
        });
    }

    void step(UUID vmId, String description) {
        with(vmId, job -> job.step(description));
    }

    void progress(UUID vmId, MigrationProgress p) {
        with(vmId, job -> job.progress(p.percent()));
    }

    void completed(UUID vmId) {
        writer.execute(() -> Optional.ofNullable(byVm.remove(vmId)).ifPresent(job -> {
            job.progress(100);
            job.finish();
        }));
    }

    void ended(UUID vmId, boolean cancelled, String why) {
        writer.execute(() -> Optional.ofNullable(byVm.remove(vmId)).ifPresent(job -> {
            if (cancelled) {
                job.cancel(why);
            } else {
                job.fail(why);
            }
        }));
    }

    private void with(UUID vmId, Consumer<JobHandle> write) {
        writer.execute(() -> Optional.ofNullable(byVm.get(vmId)).ifPresent(write));
    }
}
