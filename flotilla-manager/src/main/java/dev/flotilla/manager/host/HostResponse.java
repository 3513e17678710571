package dev.flotilla.manager.host;

import java.time.Instant;
import java.util.UUID;

/** A host as the API shows it: stored state plus what the host last reported. */
public record HostResponse(UUID id, String name, UUID clusterId, String status, String statusReason, String address,
                           Facts facts, Stats stats, Instant lastHeartbeatAt, boolean connected, long vmCount, long version) {

    public record Facts(String cpuModel, int cpuCores, long memoryMiB, String driver, String accel, String qemuVersion,
                        String os, String kernel) {
    }

    /** The last heartbeat's figures; rates in bytes per second, as {@link HostStats} says. */
    public record Stats(double cpuPercent, long memoryUsedMiB, long memoryTotalMiB, double load1, double load5,
                        double load15, long uptimeSeconds, double diskReadBytesPerSecond, double diskWriteBytesPerSecond,
                        double networkReceiveBytesPerSecond, double networkTransmitBytesPerSecond) {
    }

    static HostResponse of(Host h, HostPresence.Live live, long vmCount) {
        HostFacts f = h.facts();
        HostStats s = live == null ? null : live.stats();
        return new HostResponse(h.id(), h.name(), h.clusterId(), h.status().name(), h.statusReason(), f.address(),
                new Facts(f.cpuModel(), f.cpuCores(), f.memoryMiB(), f.driver(), f.accel(), f.hypervisorVersion(), f.os(), f.kernel()),
                s == null ? null : new Stats(s.cpuPercent(), s.memoryUsedMiB(), s.memoryTotalMiB(), s.load1(), s.load5(), s.load15(),
                        s.uptimeSeconds(), s.diskReadBytesPerSecond(), s.diskWriteBytesPerSecond(),
                        s.networkReceiveBytesPerSecond(), s.networkTransmitBytesPerSecond()),
                live == null ? null : live.lastContact(), live != null && live.connected(), vmCount, h.version());
    }
}
