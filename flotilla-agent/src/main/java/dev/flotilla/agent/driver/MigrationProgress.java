package dev.flotilla.agent.driver;

import java.util.UUID;

/**
 * Where a running migration stands, as QEMU's query-migrate says: {@code status} is QEMU's
 * (setup, active, postcopy-active, device, completed, failed, cancelling, cancelled).
 */
public record MigrationProgress(UUID vmId, String status, long totalBytes, long remainingBytes, long transferredBytes,
                                long dirtyPagesPerSecond, int downtimeLimitMs, long expectedDowntimeMs) {

    /** Share of the guest's memory already sent, 0–100 (remaining memory can grow back as the guest writes). */
    public int percent() {
        if (totalBytes <= 0) {
            return 0;
        }
        return (int) Math.max(0, Math.min(100, 100 - remainingBytes * 100 / totalBytes));
    }
}
