package dev.flotilla.cli.template;

import dev.flotilla.cli.output.Cells;
import dev.flotilla.cli.output.Column;
import dev.flotilla.cli.output.Detail;
import java.util.ArrayList;
import java.util.List;

/** A template as the API returns it. */
record Template(String id, String name, String description, String status, String statusReason, int cpus, long memoryMiB,
                String kernel, String cmdline, String createdAt, List<TemplateDisk> disks) {

    record TemplateDisk(int position, String diskId, String diskName, String volumeId, long sizeBytes, String diskInterface,
                        boolean bootable) {
    }

    static final List<Column<Template>> COLUMNS = List.of(
            Column.of("NAME", Template::name),
            Column.of("STATUS", Template::status),
            Column.of("CPUS", t -> Integer.toString(t.cpus())),
            Column.of("MEMORY", t -> t.memoryMiB() + "MiB"),
            Column.of("DISKS", t -> t.disks() == null ? "0" : Integer.toString(t.disks().size())),
            Column.of("ID", Template::id));

    List<Detail> details() {
        List<Detail> lines = new ArrayList<>(List.of(
                Detail.of("Name", name),
                Detail.of("ID", id),
                Detail.of("Status", statusReason == null || statusReason.isEmpty() ? status : status + " (" + statusReason + ")"),
                Detail.of("vCPUs", cpus),
                Detail.of("Memory", memoryMiB + " MiB"),
                Detail.of("Kernel", kernel),
                Detail.of("Command line", cmdline),
                Detail.of("Created", Cells.time(createdAt)),
                Detail.of("Description", description)));
        if (disks != null) {
            disks.forEach(d -> lines.add(Detail.of("Disk " + (d.position() + 1), d.diskName() + " " + Cells.bytes(d.sizeBytes()) + " "
                    + d.diskInterface() + (d.bootable() ? " bootable" : ""))));
        }
        return lines;
    }
}
