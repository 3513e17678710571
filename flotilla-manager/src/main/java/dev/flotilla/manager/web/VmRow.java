package dev.flotilla.manager.web;

import dev.flotilla.manager.vm.ReportedVm;
import dev.flotilla.manager.vm.VmResponse;
import dev.flotilla.manager.vm.VmScreenshots;
import dev.flotilla.manager.vm.VmStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One VM as the console shows it: display strings ready, plus the buttons legal in its status. */
record VmRow(UUID id, String name, String status, String color, String statusReason, String hostName, int cpus,
             String memory, String cpuPercent, String uptime, List<VmAction.Button> actions, String screenshot) {

    /** How often a thumbnail changes: the pages refresh every 5 s, the browser's cache answers in between. */
    static final Duration SCREENSHOT_EVERY = Duration.ofSeconds(10);

    static VmRow of(VmResponse vm, String hostName) {
        VmStatus status = VmStatus.parse(vm.status());
        ReportedVm.Stats s = vm.stats();
        return new VmRow(vm.id(), vm.name(), vm.status(), color(status), vm.statusReason(), hostName == null ? "" : hostName,
                vm.cpus(), Format.mib(vm.memoryMiB()), s == null ? "" : Format.percent(s.cpuPercent()),
                s == null ? "" : Format.duration(s.uptimeSeconds()), VmAction.buttonsFor(vm.name(), status),
                screenshot(vm.id(), status, Instant.now()));
    }

    /**
     * The thumbnail's address, or empty when the VM has no screen (the page shows a placeholder).
     * The {@code at} parameter changes every {@link #SCREENSHOT_EVERY}, so a re-rendered table
     * asks the host that often and no more.
     */
    static String screenshot(UUID id, VmStatus status, Instant now) {
        if (!VmScreenshots.hasScreen(status)) {
            return "";
        }
        return "/vms/%s/screenshot.png?at=%d".formatted(id, now.getEpochSecond() / SCREENSHOT_EVERY.toSeconds());
    }

    /** PatternFly label colour: green runs, blue is on its way, orange is held, red needs attention, grey is off. */
    static String color(VmStatus s) {
        return switch (s) {
            case Up -> "green";
            case WaitForLaunch, PoweringUp, PoweringDown, MigratingFrom, MigratingTo -> "blue";
            case Paused, Suspended -> "orange";
            case Unknown, NotResponding -> "red";
            case Down -> "grey";
        };
    }
}
