package dev.flotilla.manager.metrics;

import dev.flotilla.manager.vm.ReportedVm;
import java.time.Instant;

/**
 * One point of a VM's history, as the stats/history API returns it. A VM may have no disk or no
 * network interface (today's VMs have neither): its count is then 0 and its rates null, so a chart
 * can say "no disks" instead of drawing a zero line.
 *
 * @param time                          when the manager sampled the VM's latest report
 * @param cpuPercent                    CPU use, 100 per fully busy host core (a 2-CPU VM can reach 200)
 * @param memoryRssMiB                  memory the VM's process holds on its host
 * @param disks                         the VM's disks (block devices with a medium); null when its host did not measure them
 * @param diskReadBytesPerSecond        bytes its disks read per second; null when {@code disks} is 0 or null
 * @param diskWriteBytesPerSecond       bytes its disks wrote per second; null when {@code disks} is 0 or null
 * @param nics                          the VM's network interfaces; null when its host did not measure them
 * @param networkReceiveBytesPerSecond  bytes per second received; null when {@code nics} is 0 or null
 * @param networkTransmitBytesPerSecond bytes per second sent; null when {@code nics} is 0 or null
 */
public record VmSample(Instant time, double cpuPercent, long memoryRssMiB,
                       Integer disks, Double diskReadBytesPerSecond, Double diskWriteBytesPerSecond,
                       Integer nics, Double networkReceiveBytesPerSecond, Double networkTransmitBytesPerSecond) {

    static VmSample of(Instant time, ReportedVm.Stats s) {
        return new VmSample(time, s.cpuPercent(), s.memoryRssMiB(), s.disks(), s.diskReadBytesPerSecond(), s.diskWriteBytesPerSecond(),
                s.nics(), s.networkReceiveBytesPerSecond(), s.networkTransmitBytesPerSecond());
    }
}
