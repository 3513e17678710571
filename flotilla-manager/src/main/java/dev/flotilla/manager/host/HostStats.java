package dev.flotilla.manager.host;

/** A host's load at its last heartbeat. */
public record HostStats(double cpuPercent, long memoryUsedMiB, long memoryTotalMiB, double load1, double load5,
                        double load15, long uptimeSeconds) {
}
