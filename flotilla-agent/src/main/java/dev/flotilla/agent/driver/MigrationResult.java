package dev.flotilla.agent.driver;

/**
 * A completed migration as QEMU measured it: {@code downtimeMs} is how long the guest was paused
 * for the switch-over, {@code totalTimeMs} the whole migration. {@code agentSetupMs} and
 * {@code agentFinishMs} are the driver's own time before QEMU started sending and after it said
 * completed, so the manager can tell QEMU's time from the time spent around it.
 */
public record MigrationResult(long downtimeMs, long totalTimeMs, long setupTimeMs, long transferredBytes, int finalDowntimeLimitMs,
                              long agentSetupMs, long agentFinishMs) {
}
