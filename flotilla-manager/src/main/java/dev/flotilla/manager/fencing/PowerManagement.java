package dev.flotilla.manager.fencing;

import java.util.List;
import java.util.UUID;

/**
 * A host's BMC as stored. {@code passwordSealed} is the AES-GCM box of the password (see
 * {@link SecretBox}); {@code proxyPreference} lists where a fence proxy is looked for, in order:
 * {@code cluster} (another host of the host's cluster), {@code dc} (of its data center).
 * {@code policyControl}: power saving may switch the host off and on (oVirt's "disable policy
 * control of power management", inverted).
 */
public record PowerManagement(UUID hostId, String agentType, String address, int port, String username, String passwordSealed,
                              boolean lanplus, String cipher, String options, List<String> proxyPreference, boolean policyControl) {
}
