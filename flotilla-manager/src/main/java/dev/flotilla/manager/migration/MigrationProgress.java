package dev.flotilla.manager.migration;

/** Where a running migration stands, as the source's QEMU reports it (every half second). */
public record MigrationProgress(String status, long totalBytes, long remainingBytes, long transferredBytes,
                                long dirtyPagesPerSecond, int downtimeLimitMs, long expectedDowntimeMs) {

    /** Share of the guest's memory sent, 0–100. */
    public int percent() {
        if (totalBytes <= 0) {
            return 0;
        }
        return (int) Math.max(0, Math.min(100, 100 - remainingBytes * 100 / totalBytes));
    }
}
