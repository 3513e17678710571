package dev.flotilla.manager.metrics;

import dev.flotilla.manager.host.HostStats;
import java.time.Instant;

/**
 * One point of a host's history, as the stats/history API returns it.
 *
 * @param time                          the heartbeat that carried the figures
 * @param cpuPercent                    busy share of all the host's CPUs, 0 to 100
 * @param memoryUsedMiB                 memory in use (total less available)
 * @param memoryTotalMiB                the host's memory
 * @param load1                         load average over one minute
 * @param diskReadBytesPerSecond        bytes read from the host's whole disks per second, since the heartbeat before
 * @param diskWriteBytesPerSecond       bytes written to them per second
 * @param networkReceiveBytesPerSecond  bytes received per second on the host's network interfaces, lo left out
 * @param networkTransmitBytesPerSecond bytes sent per second on them
 */
public record HostSample(Instant time, double cpuPercent, long memoryUsedMiB, long memoryTotalMiB, double load1,
                         double diskReadBytesPerSecond, double diskWriteBytesPerSecond,
                         double networkReceiveBytesPerSecond, double networkTransmitBytesPerSecond) {

    static HostSample of(Instant time, HostStats s) {
        return new HostSample(time, s.cpuPercent(), s.memoryUsedMiB(), s.memoryTotalMiB(), s.load1(), s.diskReadBytesPerSecond(),
                s.diskWriteBytesPerSecond(), s.networkReceiveBytesPerSecond(), s.networkTransmitBytesPerSecond());
    }
}
