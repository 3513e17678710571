package dev.flotilla.agent.driver.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.agent.driver.RunState;
import java.util.Optional;

/** What QMP events mean for a VM: its new state and a reason a person can read. Pure functions. */
final class QmpEvents {

    /** A state and the reason for it, as one QMP event means it. */
    record Step(RunState state, String reason) {}

    /** How every pause on a storage error starts: the manager resumes such a VM once its storage reads again. */
    static final String STORAGE_IO_ERROR = "storage I/O error";
    private static final java.util.regex.Pattern DISK_DEVICE = java.util.regex.Pattern.compile("disk-[0-9A-Za-z-]+");

    private QmpEvents() {
    }

    /**
     * The reason of the pause that a BLOCK_IO_ERROR announces when its disk stops the VM on errors
     * ({@code werror=stop,rerror=stop}); QEMU sends STOP right after it. Empty for other events, and
     * for errors reported to the guest or ignored.
     */
    static Optional<String> ioErrorPause(QmpClient.Event event) {
        JsonNode data = event.data();
        if (!event.name().equals("BLOCK_IO_ERROR") || !"stop".equals(data.path("action").asText())) {
            return Optional.empty();
        }
        // the device id names the disk (disk-<id>); qom-path carries it, device only with -drive
        String disk = data.path("node-name").asText("");
        for (String field : new String[] {"device", "qom-path"}) {
            java.util.regex.Matcher m = DISK_DEVICE.matcher(data.path(field).asText(""));
            if (m.find()) {
                disk = m.group();
            }
        }
        String why = data.path("nospace").asBoolean(false) ? "no space left on the storage" : data.path("reason").asText("no reason given");
        return Optional.of("%s on %s (%s: %s)".formatted(STORAGE_IO_ERROR, disk.isEmpty() ? "a disk" : disk,
                data.path("operation").asText("access"), why));
    }

    /**
     * What a QMP event means for the VM's state; empty when it changes nothing.
     *
     * @param byAgent whether the agent asked for what the event reports (a pause or a reset)
     */
    static Optional<Step> interpret(QmpClient.Event event, boolean byAgent) {
        JsonNode data = event.data();
        return switch (event.name()) {
            case "SHUTDOWN" -> Optional.of(new Step(RunState.SHUTTING_DOWN, shutdownReason(data.path("reason").asText(""))));
            case "POWERDOWN" -> Optional.of(new Step(RunState.SHUTTING_DOWN, "ACPI power button pressed"));
            case "STOP" -> Optional.of(new Step(RunState.PAUSED, byAgent ? "paused by the agent" : "paused by QEMU"));
            case "RESUME" -> Optional.of(new Step(RunState.RUNNING, "running"));
            case "RESET" -> Optional.of(new Step(RunState.RUNNING,
                    data.path("guest").asBoolean(!byAgent) ? "guest reset" : "reset by the agent"));
            default -> Optional.empty();
        };
    }

    /** A sentence for QEMU's SHUTDOWN reason (QAPI ShutdownCause). */
    static String shutdownReason(String cause) {
        return switch (cause) {
            case "guest-shutdown" -> "guest powered off";
            case "host-qmp-quit" -> "powered off by the agent";
            case "host-signal" -> "QEMU was stopped by a signal";
            case "host-ui" -> "closed from QEMU's user interface";
            case "host-error" -> "QEMU hit an error";
            case "guest-panic" -> "guest kernel panicked";
            case "guest-reset", "host-qmp-system-reset", "subsystem-reset" -> "reset while reboot was disabled";
            default -> "shut down (" + (cause.isEmpty() ? "no reason given" : cause) + ")";
        };
    }
}
