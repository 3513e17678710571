package dev.flotilla.manager.fencing;

import java.util.List;
import java.util.UUID;

/** A host's power management as the API shows it: everything but the password, which is only said to be set. */
public record PowerManagementResponse(UUID hostId, boolean enabled, String agentType, String address, int port, String username,
                                      boolean passwordSet, boolean lanplus, String cipher, String options, List<String> proxyPreference) {

    static PowerManagementResponse of(PowerManagement pm) {
        return new PowerManagementResponse(pm.hostId(), true, pm.agentType(), pm.address(), pm.port(), pm.username(),
                !pm.passwordSealed().isEmpty(), pm.lanplus(), pm.cipher(), pm.options(), pm.proxyPreference());
    }

    static PowerManagementResponse none(UUID hostId) {
        return new PowerManagementResponse(hostId, false, "", "", 0, "", false, false, "", "", List.of());
    }
}
