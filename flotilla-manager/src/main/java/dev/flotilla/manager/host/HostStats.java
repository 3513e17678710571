package dev.flotilla.manager.host;

/**
 * A host's load at its last heartbeat. The rates are bytes per second since the heartbeat before:
 * read from and written to its whole disks, received and sent on its network interfaces (but lo).
 */
public record HostStats(double cpuPercent, long memoryUsedMiB, long memoryTotalMiB, double load1, double load5,
                        double load15, long uptimeSeconds, double diskReadBytesPerSecond, double diskWriteBytesPerSecond,
                        double networkReceiveBytesPerSecond, double networkTransmitBytesPerSecond) {
}
