package dev.flotilla.agent.driver;

import java.util.List;

/**
 * How one live migration may run.
 *
 * @param maxDowntimeMs           the pause QEMU may take to copy the last dirty pages (QEMU's downtime-limit)
 * @param maxBandwidthBytesPerSecond 0 for no limit (QEMU's own default caps at 128 MiB/s)
 * @param autoConverge            throttle the guest's vCPUs when it dirties memory faster than it is sent
 * @param postCopy                switch to post-copy when pre-copy does not converge (the guest then runs on
 *                                the destination while the rest of its memory follows; it cannot be cancelled after that)
 * @param downtimeStepsMs         the migration policy: while the migration does not converge, the allowed
 *                                downtime is raised to each of these in turn; past the last one it is cancelled
 *                                (or switched to post-copy)
 */
public record MigrationSettings(int maxDowntimeMs, long maxBandwidthBytesPerSecond, boolean autoConverge, boolean postCopy,
                                List<Integer> downtimeStepsMs) {

    public MigrationSettings {
        downtimeStepsMs = List.copyOf(downtimeStepsMs);
        if (maxDowntimeMs <= 0) {
            throw new IllegalArgumentException("the maximum downtime must be positive, not " + maxDowntimeMs + " ms");
        }
        if (maxBandwidthBytesPerSecond < 0) {
            throw new IllegalArgumentException("the bandwidth must be 0 (unlimited) or positive");
        }
    }
}
