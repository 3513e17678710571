package dev.flotilla.agent;

import dev.flotilla.agent.managerlink.EnrollmentToken;
import dev.flotilla.agent.managerlink.ManagerAddress;
import java.nio.file.Path;

/**
 * What one agent needs to know, whatever its driver.
 *
 * @param name      the host's name in the manager (CN of the enrollment request)
 * @param stateDir  where the agent keeps its identity ({@code pki/}) and the driver its VMs
 * @param manager   the manager's gRPC address
 * @param token     one-time enrollment token, or null
 * @param caSha256  CA pin for enrollment without a token (admin approval), or null
 * @param address   the address other hosts reach this one at; null = the local end of the route to the manager
 * @param portRangeStart first port for incoming migrations
 * @param portRangeEnd   last port
 */
public record AgentConfig(String name, Path stateDir, ManagerAddress manager, EnrollmentToken token, String caSha256,
                          String address, int portRangeStart, int portRangeEnd) {

    public AgentConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the agent needs a name");
        }
        if (token != null && caSha256 != null && !token.caSha256().equals(caSha256)) {
            throw new IllegalArgumentException("--ca-hash " + caSha256 + " differs from the CA hash inside --token " + token.caSha256());
        }
    }

    /** An agent that enrolls with a token, ports 5900-5999, address found from the route to the manager. */
    public static AgentConfig withToken(String name, Path stateDir, ManagerAddress manager, EnrollmentToken token) {
        return new AgentConfig(name, stateDir, manager, token, null, null, 5900, 5999);
    }

    public Path pkiDir() {
        return stateDir.resolve("pki");
    }
}
