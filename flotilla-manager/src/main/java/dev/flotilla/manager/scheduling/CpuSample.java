package dev.flotilla.manager.scheduling;

import java.time.Instant;

/** One measurement of a host's CPU load, in percent of all its cores. */
public record CpuSample(Instant at, double percent) {
}
