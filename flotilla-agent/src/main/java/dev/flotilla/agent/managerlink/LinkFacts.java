package dev.flotilla.agent.managerlink;

import dev.flotilla.agent.fingerprint.HostFingerprint;

/** What the agent tells the manager about its host, in the agent's terms (see {@code HostFacts} for the wire form). */
public record LinkFacts(HostFingerprint fingerprint, String driver, String accel, String hypervisorVersion,
                        String address, int portRangeStart, int portRangeEnd) {
}
