package dev.flotilla.agent.driver.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.agent.driver.RunState;
import java.util.Optional;

/** What QMP events mean for a VM: its new state and a reason a person can read. Pure functions. */
final class QmpEvents {

    /** A state and the reason for it, as one QMP event means it. */
    record Step(RunState state, String reason) {}

    private QmpEvents() {
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
