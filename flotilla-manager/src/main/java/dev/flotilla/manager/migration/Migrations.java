package dev.flotilla.manager.migration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The running migration of each VM and the last one that ended, in memory (a manager restart
 * forgets them; the events keep the history), with their Prometheus series: migrations by
 * outcome, running now, and QEMU's downtime.
 */
@Component
public class Migrations {

    private final Map<UUID, MigrationView> byVm = new ConcurrentHashMap<>();
    private final MeterRegistry metrics;
    private final Timer downtime;
    private final MigrationJobs jobs;

    Migrations(MeterRegistry metrics, MigrationJobs jobs) {
        this.metrics = metrics;
        this.jobs = jobs;
        Gauge.builder("flotilla.migrations.running", byVm, m -> m.values().stream().filter(MigrationView::running).count())
                .description("Live migrations under way").register(metrics);
        this.downtime = Timer.builder("flotilla.migration.downtime").description("Guest pause at the switch-over, as QEMU measured it")
                .publishPercentiles(0.5, 0.99).register(metrics);
    }

    /** Records a started migration; false when the VM already has one running. */
    boolean start(MigrationView view) {
        MigrationView before = byVm.get(view.vmId());
        if (before != null && before.running()) {
            return false;
        }
        byVm.put(view.vmId(), view);
        return true;
    }

    /** Notes in the VM's running migration's timeline that it reached {@code step} now. */
    void mark(UUID vmId, String step) {
        long now = System.nanoTime();
        byVm.computeIfPresent(vmId, (id, view) -> view.running() && view.timeline() != null
                ? view.withTimeline(view.timeline().mark(step, now)) : view);
    }

    /** A progress report from the source's agent; ignored unless that VM's migration runs. */
    public void progress(UUID vmId, MigrationProgress progress) {
        byVm.computeIfPresent(vmId, (id, view) -> view.running() ? view.withProgress(progress) : view);
        jobs.progress(vmId, progress);
    }

    void end(MigrationView ended) {
        byVm.put(ended.vmId(), ended);
        synchronized (this) {
            notifyAll();
        }
        Counter.builder("flotilla.migrations").tag("outcome", ended.state()).description("Live migrations by outcome")
                .register(metrics).increment();
        if (ended.downtimeMs() != null) {
            downtime.record(Duration.ofMillis(ended.downtimeMs()));
        }
    }

    /**
     * Waits until the VM's migration is no longer running or {@code max} has passed, and returns it
     * then: a client follows a migration with one request instead of polling (which, on a small host,
     * takes the CPU the migration itself needs).
     */
    Optional<MigrationView> awaitEnd(UUID vmId, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (this) {
            while (true) {
                MigrationView view = byVm.get(vmId);
                long left = deadline - System.nanoTime();
                if (view == null || !view.running() || left <= 0) {
                    return Optional.ofNullable(view);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    public Optional<MigrationView> of(UUID vmId) {
        return Optional.ofNullable(byVm.get(vmId));
    }
}
