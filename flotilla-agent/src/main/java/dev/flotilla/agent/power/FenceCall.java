package dev.flotilla.agent.power;

import java.util.List;

/**
 * One fence-agent call: where the BMC is, how to log in, what to do.
 *
 * @param action  {@code status}, {@code on}, {@code off} or {@code reboot}
 * @param options extra {@code key=value} options of the fence agent (e.g. {@code privlvl=operator})
 */
public record FenceCall(String agentType, String address, int port, String username, String password, boolean lanplus,
                        String cipher, List<String> options, String action, int timeoutSeconds) {

    @Override
    public String toString() {
        return "FenceCall[" + agentType + " " + action + " " + username + "@" + address + ":" + port + "]"; // no password
    }
}
