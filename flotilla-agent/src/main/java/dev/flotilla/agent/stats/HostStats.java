package dev.flotilla.agent.stats;

/** One sample of the host's load, as the heartbeat carries it. */
public record HostStats(double cpuPercent, long memoryTotalMiB, long memoryUsedMiB,
                        double load1, double load5, double load15, long uptimeSeconds) {
}
