package dev.flotilla.cli.host;

import dev.flotilla.cli.output.Cells;
import dev.flotilla.cli.output.Column;
import dev.flotilla.cli.output.Detail;
import java.util.List;
import java.util.Locale;

/** A host as the API returns it; facts come from the agent, stats from its last heartbeat. */
record Host(String id, String name, String clusterId, String status, String statusReason, String address,
            Facts facts, Stats stats, String lastHeartbeatAt, Integer vmCount, String version,
            List<dev.flotilla.cli.storage.DomainCheck> storageDomains) {

    record Facts(String cpuModel, Integer cpuCores, Long memoryMiB, String driver, String accel, String qemuVersion,
                 String os, String kernel) {}

    record Stats(Double cpuPercent, Long memoryUsedMiB, Long memoryTotalMiB, Double load1) {}

    static final List<Column<Host>> COLUMNS = List.of(
            Column.of("NAME", Host::name),
            Column.of("STATUS", Host::status),
            Column.of("DRIVER", Host::driver),
            Column.of("CPUS", h -> Cells.text(h.facts().cpuCores())),
            Column.of("MEMORY", h -> Cells.mebibytes(h.facts().memoryMiB())),
            Column.of("VMS", h -> Cells.text(h.vmCount())),
            Column.of("ID", Host::id));

    /** A host that has not reported yet has no facts; an empty set keeps every cell a dash. */
    @Override
    public Facts facts() {
        return facts == null ? new Facts(null, null, null, null, null, null, null, null) : facts;
    }

    /** {@code qemu(kvm)}, {@code qemu(tcg)}, {@code simulated}: whether guests get hardware acceleration. */
    String driver() {
        Facts f = facts();
        if (f.driver() == null) {
            return null;
        }
        return f.accel() == null || f.accel().isEmpty() ? f.driver() : f.driver() + "(" + f.accel() + ")";
    }

    List<Detail> details() {
        Facts f = facts();
        Stats s = stats == null ? new Stats(null, null, null, null) : stats;
        List<Detail> lines = new java.util.ArrayList<>(List.of(
                Detail.of("Name", name),
                Detail.of("ID", id),
                Detail.of("Status", statusReason == null || statusReason.isEmpty()
                        ? status : status + " (" + statusReason + ")"),
                Detail.of("Cluster", clusterId),
                Detail.of("Address", address),
                Detail.of("Driver", driver()),
                Detail.of("QEMU", f.qemuVersion()),
                Detail.of("CPU model", f.cpuModel()),
                Detail.of("CPU cores", f.cpuCores()),
                Detail.of("Memory", Cells.mebibytes(f.memoryMiB())),
                Detail.of("OS", f.os()),
                Detail.of("Kernel", f.kernel()),
                Detail.of("VMs", vmCount),
                Detail.of("CPU usage", s.cpuPercent() == null ? null : String.format(Locale.ROOT, "%.1f%%", s.cpuPercent())),
                Detail.of("Memory used", s.memoryUsedMiB() == null ? null
                        : Cells.mebibytes(s.memoryUsedMiB()) + " of " + Cells.mebibytes(s.memoryTotalMiB())),
                Detail.of("Load (1 min)", s.load1()),
                Detail.of("Last heartbeat", Cells.time(lastHeartbeatAt)),
                Detail.of("Version", version)));
        // what the host's storage domain monitor last read, one line a domain
        lines.addAll(dev.flotilla.cli.storage.DomainCheck.lines("Storage ", storageDomains, false));
        return lines;
    }
}
