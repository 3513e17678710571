package dev.flotilla.manager.migration;

import java.time.Instant;
import java.util.UUID;

/**
 * One migration as the API shows it: {@code state} is Running, Completed, Failed or Cancelled;
 * {@code progress} the latest report while it runs; the figures (QEMU's downtime and total time)
 * once it completed; {@code error} why it failed; {@code timeline} when it reached each step.
 */
public record MigrationView(UUID vmId, String vmName, UUID sourceHostId, String sourceHost, UUID targetHostId, String targetHost,
                            String state, Instant startedAt, Instant endedAt, Parameters parameters, MigrationProgress progress,
                            Long downtimeMs, Long totalTimeMs, Long transferredBytes, String error, MigrationTimeline timeline) {

    public record Parameters(int maxDowntimeMs, int bandwidthMiBps, boolean autoConverge, boolean postCopy) {
    }

    MigrationView withProgress(MigrationProgress p) {
        return new MigrationView(vmId, vmName, sourceHostId, sourceHost, targetHostId, targetHost, state, startedAt, endedAt,
                parameters, p, downtimeMs, totalTimeMs, transferredBytes, error, timeline);
    }

    MigrationView withTimeline(MigrationTimeline t) {
        return new MigrationView(vmId, vmName, sourceHostId, sourceHost, targetHostId, targetHost, state, startedAt, endedAt,
                parameters, progress, downtimeMs, totalTimeMs, transferredBytes, error, t);
    }

    MigrationView marked(String step) {
        return timeline == null ? this : withTimeline(timeline.mark(step, System.nanoTime()));
    }

    /** The agent reports no progress at the end (its result says it): the last progress is made whole here. */
    MigrationView completed(Instant at, long downtime, long totalTime, long transferred) {
        MigrationProgress done = new MigrationProgress("completed", progress == null ? transferred : progress.totalBytes(), 0, transferred, 0,
                progress == null ? parameters.maxDowntimeMs() : progress.downtimeLimitMs(), downtime);
        return new MigrationView(vmId, vmName, sourceHostId, sourceHost, targetHostId, targetHost, "Completed", startedAt, at,
                parameters, done, downtime, totalTime, transferred, null, timeline);
    }

    MigrationView failed(Instant at, String state, String why) {
        return new MigrationView(vmId, vmName, sourceHostId, sourceHost, targetHostId, targetHost, state, startedAt, at,
                parameters, progress, null, null, null, why, timeline);
    }

    boolean running() {
        return "Running".equals(state);
    }
}
