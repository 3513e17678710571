package dev.flotilla.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.agent.driver.RunState;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How QMP events map onto states and reasons. */
class QmpEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Optional<QmpEvents.Step> interpret(String name, String data, boolean byAgent) throws Exception {
        JsonNode node = data == null ? JSON.missingNode() : JSON.readTree(data);
        return QmpEvents.interpret(new QmpClient.Event(name, node, Instant.now()), byAgent);
    }

    @Test
    void shutdownReasonsArePlainSentences() throws Exception {
        assertThat(interpret("SHUTDOWN", "{\"guest\":true,\"reason\":\"guest-shutdown\"}", false))
                .contains(new QmpEvents.Step(RunState.SHUTTING_DOWN, "guest powered off"));
        assertThat(interpret("SHUTDOWN", "{\"guest\":false,\"reason\":\"host-qmp-quit\"}", false).orElseThrow().reason())
                .isEqualTo("powered off by the agent");
        assertThat(QmpEvents.shutdownReason("host-signal")).isEqualTo("QEMU was stopped by a signal");
        assertThat(QmpEvents.shutdownReason("guest-panic")).isEqualTo("guest kernel panicked");
        assertThat(QmpEvents.shutdownReason("something-new")).isEqualTo("shut down (something-new)");
    }

    @Test
    void powerButtonPauseResumeAndReset() throws Exception {
        assertThat(interpret("POWERDOWN", null, false)).contains(new QmpEvents.Step(RunState.SHUTTING_DOWN, "ACPI power button pressed"));
        assertThat(interpret("STOP", null, true)).contains(new QmpEvents.Step(RunState.PAUSED, "paused by the agent"));
        assertThat(interpret("STOP", null, false)).contains(new QmpEvents.Step(RunState.PAUSED, "paused by QEMU"));
        assertThat(interpret("RESUME", null, false).orElseThrow().state()).isEqualTo(RunState.RUNNING);
        assertThat(interpret("RESET", "{\"guest\":true,\"reason\":\"guest-reset\"}", false))
                .contains(new QmpEvents.Step(RunState.RUNNING, "guest reset"));
        assertThat(interpret("RESET", "{\"guest\":false,\"reason\":\"host-qmp-system-reset\"}", true))
                .contains(new QmpEvents.Step(RunState.RUNNING, "reset by the agent"));
    }

    @Test
    void otherEventsChangeNothing() throws Exception {
        assertThat(interpret("RTC_CHANGE", "{\"offset\":1}", false)).isEmpty();
        assertThat(interpret("NIC_RX_FILTER_CHANGED", "{}", false)).isEmpty();
    }
}
