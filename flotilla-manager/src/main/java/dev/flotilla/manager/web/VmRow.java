package dev.flotilla.manager.web;

import dev.flotilla.manager.vm.ReportedVm;
import dev.flotilla.manager.vm.VmResponse;
import dev.flotilla.manager.vm.VmStatus;
import java.util.List;
import java.util.UUID;

/** One VM as the console shows it: display strings ready, plus the buttons legal in its status. */
record VmRow(UUID id, String name, String status, String color, String statusReason, String hostName, int cpus,
             String memory, String cpuPercent, String uptime, List<VmAction.Button> actions) {

    static VmRow of(VmResponse vm, String hostName) {
        VmStatus status = VmStatus.parse(vm.status());
        ReportedVm.Stats s = vm.stats();
        return new VmRow(vm.id(), vm.name(), vm.status(), color(status), vm.statusReason(), hostName == null ? "" : hostName,
                vm.cpus(), Format.mib(vm.memoryMiB()), s == null ? "" : Format.percent(s.cpuPercent()),
                s == null ? "" : Format.duration(s.uptimeSeconds()), VmAction.buttonsFor(vm.name(), status));
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
