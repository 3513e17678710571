package dev.flotilla.cli.snapshot;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.flotilla.cli.output.Cells;
import dev.flotilla.cli.output.Detail;
import java.util.ArrayList;
import java.util.List;

/**
 * The VM's configuration a snapshot kept, as the API returns it ({@code configuration}): what a
 * restore, a committed preview or a clone brings back. {@code complete} is false for a snapshot taken
 * before whole configurations were kept (then only CPUs, memory and boot are known).
 */
record KeptConfiguration(boolean complete, int cpus, long memoryMiB, Boot boot, String description, Boolean highlyAvailable,
                         Integer haPriority, List<DiskAt> disks, CdromAt cdrom, List<HostAt> pinnedHosts) {

    record Boot(String kernel, String initrd, String cmdline) {}

    record DiskAt(String diskId, String diskName, @JsonProperty("interface") String diskInterface, boolean bootable, boolean readOnly,
                  Integer slot, String attachedAt) {}

    record CdromAt(String isoId, String isoName, boolean boot) {}

    record HostAt(String hostId, String hostName) {}

    /** One cell of the list: 2CPU/1GiB/2disks, without spaces for awk. */
    static String cell(KeptConfiguration c) {
        if (c == null) {
            return "-";
        }
        return c.cpus() + "CPU/" + Cells.mebibytes(c.memoryMiB()) + (c.complete() ? "/" + c.disks().size() + (c.disks().size() == 1 ? "disk" : "disks") : "");
    }

    /** The lines of {@code snapshot show}, each labelled "Kept …". */
    static List<Detail> details(KeptConfiguration c) {
        if (c == null) {
            return List.of(Detail.of("Kept configuration", "none (taken before snapshots kept one)"));
        }
        List<Detail> lines = new ArrayList<>(List.of(
                Detail.of("Kept configuration", c.complete() ? "whole (a restore or a clone brings it back)" : "CPUs, memory and boot only (an older snapshot)"),
                Detail.of("Kept CPUs", c.cpus()),
                Detail.of("Kept memory", Cells.mebibytes(c.memoryMiB()))));
        if (c.boot() != null && c.boot().kernel() != null && !c.boot().kernel().isEmpty()) {
            lines.add(Detail.of("Kept kernel", c.boot().kernel()));
            lines.add(Detail.of("Kept cmdline", c.boot().cmdline()));
        }
        if (!c.complete()) {
            return lines;
        }
        lines.add(Detail.of("Kept description", c.description()));
        lines.add(Detail.of("Kept HA", Boolean.TRUE.equals(c.highlyAvailable()) ? "yes, priority " + c.haPriority() : "no"));
        lines.add(Detail.of("Kept CD-ROM", c.cdrom() == null ? "empty" : c.cdrom().isoName() + (c.cdrom().boot() ? " (boots from it)" : "")));
        for (DiskAt d : c.disks()) {
            lines.add(Detail.of("Kept disk " + d.diskName(), d.diskInterface() + (d.bootable() ? ", bootable" : "") + (d.readOnly() ? ", read-only" : "")
                    + (d.slot() == null ? "" : ", slot " + d.slot())));
        }
        if (!c.pinnedHosts().isEmpty()) {
            lines.add(Detail.of("Kept pins", String.join(", ", c.pinnedHosts().stream().map(HostAt::hostName).toList())));
        }
        return lines;
    }
}
