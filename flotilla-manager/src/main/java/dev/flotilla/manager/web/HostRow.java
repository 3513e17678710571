package dev.flotilla.manager.web;

import dev.flotilla.manager.host.HostResponse;
import dev.flotilla.manager.host.HostStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One host as the console shows it, with the actions its status allows. */
record HostRow(UUID id, String name, String status, String color, String statusReason, String driver, int cpus,
               String memory, String cpuPercent, long vmCount, String lastHeartbeat, List<Button> actions) {

    /** A row button; {@code confirm} is null when no question is asked. */
    record Button(String action, String label, String confirm, boolean danger) {
    }

    static HostRow of(HostResponse h, Instant now) {
        HostStatus status = HostStatus.parse(h.status());
        HostResponse.Facts f = h.facts();
        String driver = f.driver() == null || f.driver().isBlank() ? "" : f.driver() + (f.accel() == null || f.accel().isBlank() ? "" : " / " + f.accel());
        return new HostRow(h.id(), h.name(), h.status(), color(status), h.statusReason(), driver, f.cpuCores(),
                f.memoryMiB() == 0 ? "" : Format.mib(f.memoryMiB()), h.stats() == null ? "" : Format.percent(h.stats().cpuPercent()),
                h.vmCount(), h.lastHeartbeatAt() == null ? "never" : Format.ago(h.lastHeartbeatAt(), now), buttons(h.name(), status));
    }

    /** Mirrors the host actions' own state checks so only accepted actions are offered. */
    private static List<Button> buttons(String name, HostStatus s) {
        List<Button> out = new ArrayList<>();
        if (s == HostStatus.PendingApproval) {
            out.add(new Button("approve", "Approve", null, false));
        }
        switch (s) {
            case Up, Connecting, NonResponsive, NonOperational, Initializing, Installing, Down ->
                    out.add(new Button("maintenance", "Maintenance",
                            "Put host %s into maintenance? Its running VMs migrate to other hosts first.".formatted(name), false));
            default -> { }
        }
        if (s == HostStatus.Maintenance || s == HostStatus.PreparingForMaintenance) {
            // from PreparingForMaintenance: stops the evacuation (VMs that moved stay where they are)
            out.add(new Button("activate", "Activate", null, false));
        }
        if (s == HostStatus.Maintenance || s == HostStatus.PendingApproval || s == HostStatus.InstallFailed) {
            out.add(new Button("delete", "Delete", "Delete host %s?".formatted(name), true));
        }
        return out;
    }

    static String color(HostStatus s) {
        return switch (s) {
            case Up -> "green";
            case PendingApproval -> "cyan";
            case Installing, Initializing, Connecting, PreparingForMaintenance -> "blue";
            case Maintenance -> "orange";
            case NonResponsive, InstallFailed, NonOperational, Down -> "red";
        };
    }
}
