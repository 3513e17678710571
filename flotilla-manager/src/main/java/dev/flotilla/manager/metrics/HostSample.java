package dev.flotilla.manager.metrics;

import java.time.Instant;

/** One point of a host's history; {@code time} is the heartbeat that carried it. */
public record HostSample(Instant time, double cpuPercent, long memoryUsedMiB, long memoryTotalMiB, double load1) {
}
