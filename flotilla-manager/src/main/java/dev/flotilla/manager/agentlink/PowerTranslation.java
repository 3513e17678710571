package dev.flotilla.manager.agentlink;

import dev.flotilla.manager.fencing.PowerCommands;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.PowerFence;

/** Power-management commands and results between the manager's records and the protocol. */
final class PowerTranslation {

    private PowerTranslation() {
    }

    static PowerFence fence(PowerCommands.FenceRequest r) {
        return PowerFence.newBuilder().setAgentType(r.agentType()).setAddress(r.address()).setPort(r.port())
                .setUsername(r.username()).setPassword(r.password()).setLanplus(r.lanplus()).setCipher(r.cipher())
                .setOptions(r.options()).setAction(r.action()).setTimeoutSeconds(r.timeoutSeconds()).build();
    }

    static PowerCommands.FenceResult result(CommandResult r) {
        String message = r.getOk() ? r.getPower().getOutput() : r.getErrorMessage();
        return new PowerCommands.FenceResult(r.getOk(), r.getPower().getPowerStatus(), message);
    }
}
