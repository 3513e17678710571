package dev.flotilla.manager.web;

import dev.flotilla.manager.snapshot.SnapshotResponse;
import dev.flotilla.manager.snapshot.VmConfiguration;
import java.util.ArrayList;
import java.util.List;

/**
 * One snapshot line of a VM's page, with the operations its status allows and, under it, the VM's
 * configuration the snapshot kept (what a restore or a clone brings back), one item a piece.
 */
record SnapshotRow(String id, String description, String status, String reason, String kind, String taken, List<String> ops,
                   List<String> configuration) {

    static SnapshotRow of(SnapshotResponse s) {
        List<String> ops = switch (s.status()) {
            case "InPreview" -> List.of("commit", "undo");
            case "OK" -> List.of("preview", "restore", "clone", "delete");
            default -> List.of();
        };
        return new SnapshotRow(s.id().toString(), s.description(), s.status(), s.statusReason(), s.live() ? "live" : "offline",
                Format.time(s.createdAt()), ops, configuration(s.configuration()));
    }

    /** The kept configuration as short items a person reads in a line: "2 CPUs", "1 GiB", "HA, priority 50", "disk vda1 (virtio-blk, bootable)"… */
    static List<String> configuration(VmConfiguration c) {
        if (c == null) {
            return List.of("no configuration kept (taken before snapshots kept one)");
        }
        List<String> items = new ArrayList<>(List.of(c.cpus() + (c.cpus() == 1 ? " CPU" : " CPUs"), Format.mib(c.memoryMiB())));
        if (c.boot() != null && !c.boot().kernel().isEmpty()) {
            items.add("kernel " + c.boot().kernel());
        }
        if (!c.complete()) {
            items.add("only CPUs, memory and boot kept (an older snapshot)");
            return items;
        }
        if (!c.description().isEmpty()) {
            items.add("description \u201c" + c.description() + "\u201d");
        }
        items.add(Boolean.TRUE.equals(c.highlyAvailable()) ? "highly available, priority " + c.haPriority() : "not highly available");
        items.add(c.cdrom() == null ? "CD-ROM empty" : "CD-ROM " + c.cdrom().isoName() + (c.cdrom().boot() ? " (boots from it)" : ""));
        for (VmConfiguration.DiskAt d : c.disks()) {
            items.add("disk %s (%s%s%s%s)".formatted(d.diskName(), d.diskInterface(), d.bootable() ? ", bootable" : "",
                    d.readOnly() ? ", read-only" : "", d.slot() == null ? "" : ", slot " + d.slot()));
        }
        if (c.disks().isEmpty()) {
            items.add("no disks");
        }
        if (!c.pinnedHosts().isEmpty()) {
            items.add("pinned to " + String.join(", ", c.pinnedHosts().stream().map(VmConfiguration.HostAt::hostName).toList()));
        }
        return items;
    }
}
