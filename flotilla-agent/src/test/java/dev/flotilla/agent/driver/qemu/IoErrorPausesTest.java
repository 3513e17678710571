package dev.flotilla.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.agent.driver.RunState;
import dev.flotilla.agent.driver.VmDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The STOP after a stopping I/O error carries its reason, naming the disk behind QEMU's node; RESUME forgets it. */
class IoErrorPausesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static QmpClient.Event event(String name, String data) throws Exception {
        return new QmpClient.Event(name, data == null ? JSON.missingNode() : JSON.readTree(data), Instant.now());
    }

    private static VmDefinition.Disk disk(String id) {
        return new VmDefinition.Disk(id, "v-" + id, "/data/" + id + ".qcow2", "qcow2", "", "", "virtio-blk", false, false);
    }

    @Test
    void theStopAfterAnIoErrorNamesTheDiskOfTheNodeAndAResumeEndsIt() throws Exception {
        IoErrorPauses pauses = new IoErrorPauses(new VmDefinition(UUID.randomUUID(), "vm", 1, 256, VmDefinition.Boot.NONE,
                List.of(disk("root"), disk("data"))));
        pauses.plugged("drive2", disk("hot"));
        QmpClient.Event stop = event("STOP", null);
        Optional<QmpEvents.Step> byQemu = QmpEvents.interpret(stop, false);

        assertThat(pauses.consumed(event("BLOCK_IO_ERROR",
                "{\"device\":\"\",\"node-name\":\"drive1\",\"operation\":\"write\",\"action\":\"stop\",\"reason\":\"Input/output error\"}")))
                .isTrue();
        assertThat(pauses.step(stop, false, byQemu))
                .contains(new QmpEvents.Step(RunState.PAUSED, "storage I/O error on disk-data (write: Input/output error)"));
        assertThat(pauses.step(stop, true, QmpEvents.interpret(stop, true))).as("a pause the agent asked for says so")
                .contains(new QmpEvents.Step(RunState.PAUSED, "paused by the agent"));

        pauses.step(event("RESUME", null), false, QmpEvents.interpret(event("RESUME", null), false));
        assertThat(pauses.step(stop, false, byQemu)).contains(new QmpEvents.Step(RunState.PAUSED, "paused by QEMU"));

        pauses.consumed(event("BLOCK_IO_ERROR", "{\"node-name\":\"drive2\",\"operation\":\"read\",\"action\":\"stop\",\"reason\":\"x\"}"));
        assertThat(pauses.step(stop, false, byQemu).orElseThrow().reason()).isEqualTo("storage I/O error on disk-hot (read: x)");
        assertThat(pauses.consumed(event("SHUTDOWN", "{\"reason\":\"guest-shutdown\"}"))).isFalse();
    }
}
