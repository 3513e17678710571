package dev.flotilla.manager.host;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A host as the API shows it: stored state plus what the host last reported. */
public record HostResponse(UUID id, String name, UUID clusterId, String status, String statusReason, String address,
                           Facts facts, Stats stats, Instant lastHeartbeatAt, boolean connected, long vmCount, long version,
                           List<DomainCheck> storageDomains) {

    public record Facts(String cpuModel, int cpuCores, long memoryMiB, String driver, String accel, String qemuVersion,
                        String os, String kernel) {
    }

    /** The last heartbeat's figures; rates in bytes per second, as {@link HostStats} says. */
    public record Stats(double cpuPercent, long memoryUsedMiB, long memoryTotalMiB, double load1, double load5,
                        double load15, long uptimeSeconds, double diskReadBytesPerSecond, double diskWriteBytesPerSecond,
                        double networkReceiveBytesPerSecond, double networkTransmitBytesPerSecond) {
    }

    /**
     * The host's monitor of one storage domain, as its last heartbeat said (shown for one host, null in lists).
     *
     * @param invalidSince when the host began reporting the domain invalid; null while valid
     */
    public record DomainCheck(UUID domainId, String domainName, boolean checked, boolean valid, long lastCheckDelayMs,
                              long lastCheckAgeMs, String error, Instant invalidSince, Instant reportedAt) {
    }

    HostResponse withStorageDomains(List<DomainCheck> checks) {
        return new HostResponse(id, name, clusterId, status, statusReason, address, facts, stats, lastHeartbeatAt, connected,
                vmCount, version, checks);
    }

    static HostResponse of(Host h, HostPresence.Live live, long vmCount) {
        HostFacts f = h.facts();
        HostStats s = live == null ? null : live.stats();
        return new HostResponse(h.id(), h.name(), h.clusterId(), h.status().name(), h.statusReason(), f.address(),
                new Facts(f.cpuModel(), f.cpuCores(), f.memoryMiB(), f.driver(), f.accel(), f.hypervisorVersion(), f.os(), f.kernel()),
                s == null ? null : new Stats(s.cpuPercent(), s.memoryUsedMiB(), s.memoryTotalMiB(), s.load1(), s.load5(), s.load15(),
                        s.uptimeSeconds(), s.diskReadBytesPerSecond(), s.diskWriteBytesPerSecond(),
                        s.networkReceiveBytesPerSecond(), s.networkTransmitBytesPerSecond()),
                live == null ? null : live.lastContact(), live != null && live.connected(), vmCount, h.version(), null);
    }
}
