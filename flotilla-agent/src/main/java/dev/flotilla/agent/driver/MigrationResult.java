package dev.flotilla.agent.driver;

/**
 * A completed migration as QEMU measured it: {@code downtimeMs} is how long the guest was paused
 * for the switch-over, {@code totalTimeMs} the whole migration.
 */
public record MigrationResult(long downtimeMs, long totalTimeMs, long setupTimeMs, long transferredBytes, int finalDowntimeLimitMs) {
}
