package dev.flotilla.manager.fencing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A host's power management as the API shows it: everything but the password, which is only said
 * to be set; whether power saving may switch the host ({@code policyControl}) and the last power
 * status test ({@code lastTestOk} null: never tested), which power saving reads too.
 */
public record PowerManagementResponse(UUID hostId, boolean enabled, String agentType, String address, int port, String username,
                                      boolean passwordSet, boolean lanplus, String cipher, String options, List<String> proxyPreference,
                                      boolean policyControl, Boolean lastTestOk, Instant lastTestAt, String lastTestMessage) {

    static PowerManagementResponse of(PowerManagement pm, PowerManagementRepository.LastTest last) {
        return new PowerManagementResponse(pm.hostId(), true, pm.agentType(), pm.address(), pm.port(), pm.username(),
                !pm.passwordSealed().isEmpty(), pm.lanplus(), pm.cipher(), pm.options(), pm.proxyPreference(), pm.policyControl(),
                last == null ? null : last.ok(), last == null ? null : last.at(), last == null ? "" : last.message());
    }

    static PowerManagementResponse none(UUID hostId) {
        return new PowerManagementResponse(hostId, false, "", "", 0, "", false, false, "", "", List.of(), false, null, null, "");
    }
}
