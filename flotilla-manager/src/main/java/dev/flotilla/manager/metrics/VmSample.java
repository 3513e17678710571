package dev.flotilla.manager.metrics;

import java.time.Instant;

/** One point of a VM's history; {@code time} is when the manager sampled its latest report. */
public record VmSample(Instant time, double cpuPercent, long memoryRssMiB) {
}
