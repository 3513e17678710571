package dev.flotilla.agent.stats;

/**
 * One sample of the host's load, as the heartbeat carries it. The four rates are bytes per
 * second since the previous sample: whole disks read and written, network received and sent.
 */
public record HostStats(double cpuPercent, long memoryTotalMiB, long memoryUsedMiB,
                        double load1, double load5, double load15, long uptimeSeconds,
                        double diskReadBytesPerSecond, double diskWriteBytesPerSecond,
                        double netReceiveBytesPerSecond, double netTransmitBytesPerSecond) {
}
