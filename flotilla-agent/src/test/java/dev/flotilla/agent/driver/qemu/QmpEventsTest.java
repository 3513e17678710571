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
    void aBlockIoErrorThatStopsTheVmNamesTheDiskAndWhy() throws Exception {
        JsonNode stop = JSON.readTree("""
                {"device":"","node-name":"drive0","qom-path":"/machine/peripheral/disk-5d1e0000-1111-4222-8333-444455556666/virtio-backend",
                 "operation":"write","action":"stop","nospace":false,"reason":"Input/output error"}""");
        assertThat(QmpEvents.ioErrorPause(new QmpClient.Event("BLOCK_IO_ERROR", stop, Instant.now())))
                .contains("storage I/O error on disk-5d1e0000-1111-4222-8333-444455556666 (write: Input/output error)");
        JsonNode full = JSON.readTree("""
                {"node-name":"drive1","operation":"write","action":"stop","nospace":true}""");
        assertThat(QmpEvents.ioErrorPause(new QmpClient.Event("BLOCK_IO_ERROR", full, Instant.now())))
                .contains("storage I/O error on drive1 (write: no space left on the storage)");
        JsonNode reported = JSON.readTree("""
                {"node-name":"drive1","operation":"read","action":"report"}""");
        assertThat(QmpEvents.ioErrorPause(new QmpClient.Event("BLOCK_IO_ERROR", reported, Instant.now()))).isEmpty();
        assertThat(QmpEvents.ioErrorPause(new QmpClient.Event("STOP", JSON.missingNode(), Instant.now()))).isEmpty();
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
