package dev.flotilla.agent.managerlink;

import dev.flotilla.agent.power.FenceCall;
import dev.flotilla.agent.power.FenceOutcome;
import dev.flotilla.protocol.v1.PowerFence;
import dev.flotilla.protocol.v1.PowerFenceOutcome;
import java.util.Arrays;
import java.util.List;

/** Power-management messages to and from the agent's records. */
final class PowerWire {

    private PowerWire() {
    }

    static FenceCall call(PowerFence f) {
        List<String> options = Arrays.stream(f.getOptions().split("[\\s]+")).filter(s -> !s.isBlank()).toList();
        return new FenceCall(f.getAgentType(), f.getAddress(), f.getPort(), f.getUsername(), f.getPassword(), f.getLanplus(),
                f.getCipher(), options, f.getAction(), f.getTimeoutSeconds());
    }

    static PowerFenceOutcome outcome(FenceOutcome o) {
        return PowerFenceOutcome.newBuilder().setPowerStatus(o.powerStatus()).setOutput(o.output()).build();
    }
}
