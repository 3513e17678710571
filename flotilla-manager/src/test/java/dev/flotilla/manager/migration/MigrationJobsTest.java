package dev.flotilla.manager.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.jobs.Job;
import dev.flotilla.manager.jobs.JobStatus;
import dev.flotilla.manager.jobs.Jobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A migration's job against the real database: a short migration's job is written once it ended,
 * whole (its start time, both steps, 100 %); a long one's is there while it runs and goes on
 * from there.
 */
@ManagerTest
class MigrationJobsTest {

    @Autowired
    Jobs jobs;

    @Test
    void aMigrationOverBeforeTheDelayIsWrittenWholeAtItsEnd() throws InterruptedException {
        MigrationJobs migrationJobs = new MigrationJobs(jobs, Clock.systemUTC(), Duration.ofHours(1));
        MigrationView view = view("short");
        migrationJobs.begun(view, "admin@internal");
        migrationJobs.step(view.vmId(), "migrating memory from host a to host b");
        migrationJobs.progress(view.vmId(), new MigrationProgress("active", 100, 40, 60, 0, 20, 0));
        // nothing written yet: a later end is the first write, so an earlier read must see no job
        Thread.sleep(300);
        assertThat(of(view)).isEmpty();

        migrationJobs.completed(view.vmId());
        Job job = awaitJob(view, j -> j.status() == JobStatus.finished);
        assertThat(job.description()).isEqualTo("Migrating VM short from host a to host b");
        assertThat(job.progress()).isEqualTo(100);
        assertThat(job.owner()).isEqualTo("admin@internal");
        assertThat(job.steps()).extracting(Job.Step::description)
                .containsExactly("preparing the incoming VM on host b", "migrating memory from host a to host b");
        // its own start, not the time it was written
        assertThat(job.startedAt()).isBefore(job.endedAt().minusMillis(200));
    }

    @Test
    void aLongMigrationsJobIsThereWhileItRunsAndEndsFailed() throws InterruptedException {
        MigrationJobs migrationJobs = new MigrationJobs(jobs, Clock.systemUTC(), Duration.ZERO);
        MigrationView view = view("long");
        migrationJobs.begun(view, "admin@internal");
        Job running = awaitJob(view, j -> j.status() == JobStatus.running);
        assertThat(running.steps()).extracting(Job.Step::description).containsExactly("preparing the incoming VM on host b");

        migrationJobs.step(view.vmId(), "migrating memory from host a to host b");
        migrationJobs.progress(view.vmId(), new MigrationProgress("active", 100, 75, 25, 0, 20, 0));
        awaitJob(view, j -> j.progress() == 25 && j.steps().size() == 2);
        migrationJobs.ended(view.vmId(), false, "the target went away");
        Job failed = awaitJob(view, j -> j.status() == JobStatus.failed);
        assertThat(failed.reason()).isEqualTo("the target went away");
        assertThat(failed.id()).isEqualTo(running.id());
    }

    private List<Job> of(MigrationView view) {
        return jobs.list(null, view.vmId(), PageRequest.of(0, 10)).items();
    }

    private Job awaitJob(MigrationView view, Predicate<Job> until) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            List<Job> found = of(view);
            if (found.size() == 1 && until.test(found.get(0))) {
                return found.get(0);
            }
            assertThat(Instant.now()).as("the job of VM %s as expected; now: %s", view.vmName(), found).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private static MigrationView view(String name) {
        return new MigrationView(UUID.randomUUID(), name, UUID.randomUUID(), "a", UUID.randomUUID(), "b", "Running",
                Instant.now().truncatedTo(ChronoUnit.MILLIS), null, new MigrationView.Parameters(20, 0, false, false),
                null, null, null, null, null, null);
    }
}
