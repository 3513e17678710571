package dev.flotilla.cli.vm;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.cli.output.Cells;
import dev.flotilla.cli.output.Column;
import dev.flotilla.cli.output.Detail;
import java.util.List;

/** A VM as the API returns it; only what the tables and {@code show} need. */
record Vm(String id, String name, String description, String clusterId, String hostId, String status,
          String statusReason, Integer cpus, Long memoryMiB, boolean highlyAvailable, Boot boot, String version,
          String createdAt, Stats stats, StorageStall storageStall) {

    /** Set while the VM's host reports its disk I/O hung on storage (oVirt's "Not Responding"). */
    record StorageStall(String hostId, String reason, String since) {}

    /** Direct kernel boot: paths as the host sees them, so they are sent as typed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Boot(String kernel, String initrd, String cmdline) {}

    record Stats(Double cpuPercent, Long memoryRssMiB, Long uptimeSeconds) {}

    static final List<Column<Vm>> COLUMNS = List.of(
            Column.of("NAME", Vm::name),
            Column.of("STATUS", Vm::status),
            Column.of("HOST", Vm::hostId),
            Column.of("CPUS", vm -> Cells.text(vm.cpus())),
            Column.of("MEMORY", vm -> Cells.mebibytes(vm.memoryMiB())),
            Column.of("ID", Vm::id));

    List<Detail> details() {
        Boot b = boot == null ? new Boot(null, null, null) : boot;
        Stats s = stats == null ? new Stats(null, null, null) : stats;
        return List.of(
                Detail.of("Name", name),
                Detail.of("ID", id),
                Detail.of("Status", statusReason == null || statusReason.isEmpty()
                        ? status : status + " (" + statusReason + ")"),
                Detail.of("Storage", storageStall == null ? "responding"
                        : "NOT RESPONDING since " + storageStall.since() + ": " + storageStall.reason()),
                Detail.of("Description", description),
                Detail.of("Cluster", clusterId),
                Detail.of("Host", hostId),
                Detail.of("CPUs", cpus),
                Detail.of("Memory", Cells.mebibytes(memoryMiB)),
                Detail.of("Highly available", Cells.yesNo(highlyAvailable)),
                Detail.of("Kernel", b.kernel()),
                Detail.of("Initrd", b.initrd()),
                Detail.of("Cmdline", b.cmdline()),
                Detail.of("CPU usage", s.cpuPercent() == null ? null : String.format(java.util.Locale.ROOT, "%.1f%%", s.cpuPercent())),
                Detail.of("Memory (RSS)", s.memoryRssMiB() == null ? null : Cells.mebibytes(s.memoryRssMiB())),
                Detail.of("Uptime", s.uptimeSeconds() == null ? null : s.uptimeSeconds() + "s"),
                Detail.of("Created", Cells.time(createdAt)),
                Detail.of("Version", version));
    }
}
