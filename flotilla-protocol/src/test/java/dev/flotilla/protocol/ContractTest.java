package dev.flotilla.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.protocol.v1.AgentMessage;
import dev.flotilla.protocol.v1.BootSpec;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.Heartbeat;
import dev.flotilla.protocol.v1.StartVm;
import dev.flotilla.protocol.v1.VmReport;
import dev.flotilla.protocol.v1.VmRunState;
import dev.flotilla.protocol.v1.VmSpec;
import org.junit.jupiter.api.Test;

class ContractTest {

    @Test
    void startCommandSurvivesTheWire() throws Exception {
        Command sent = Command.newBuilder()
                .setCommandId("c-1")
                .setStartVm(StartVm.newBuilder().setSpec(VmSpec.newBuilder()
                        .setVmId("0b7c1a9e-0000-4000-8000-000000000001").setName("web1").setCpus(2).setMemoryMib(512)
                        .setBoot(BootSpec.newBuilder().setKernel("/boot/vmlinuz").setCmdline("console=ttyS0"))))
                .build();

        Command received = Command.parseFrom(sent.toByteArray());

        assertThat(received.getActionCase()).isEqualTo(Command.ActionCase.START_VM);
        assertThat(received.getStartVm().getSpec().getBoot().getCmdline()).isEqualTo("console=ttyS0");
        assertThat(received.getStartVm().getSpec().getMemoryMib()).isEqualTo(512);
    }

    @Test
    void heartbeatCarriesVmStates() throws Exception {
        AgentMessage sent = AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSequence(7)
                .addVms(VmReport.newBuilder().setVmId("a").setState(VmRunState.STOPPED).setReason("guest powered off")))
                .build();

        AgentMessage received = AgentMessage.parseFrom(sent.toByteArray());

        assertThat(received.getBodyCase()).isEqualTo(AgentMessage.BodyCase.HEARTBEAT);
        assertThat(received.getHeartbeat().getVms(0).getReason()).isEqualTo("guest powered off");
    }
}
