package dev.flotilla.manager.fencing;

import java.util.List;

/**
 * What an admin sends to set a host's power management; a null or empty password on an update
 * keeps the stored one (the API never returns it, so a form cannot send it back). A null
 * {@code policyControl} keeps the stored choice (true for a new one).
 */
public record PowerManagementInput(String agentType, String address, Integer port, String username, String password,
                                   Boolean lanplus, String cipher, String options, List<String> proxyPreference, Boolean policyControl) {
}
