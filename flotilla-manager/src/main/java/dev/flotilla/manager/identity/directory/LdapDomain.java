package dev.flotilla.manager.identity.directory;

import java.util.List;
import java.util.UUID;

/** A directory domain's settings. Servers are tried in order (fail-over); the bind password never leaves the manager. */
public record LdapDomain(UUID id, String name, DirectoryProfile profile, List<String> servers, Security security,
                         String bindDn, String bindPassword, String baseDn, boolean trustAll, String caPem) {

    /** How the connection is protected. */
    public enum Security {
        NONE, LDAPS, STARTTLS;

        public String label() {
            return name().toLowerCase();
        }

        public static java.util.Optional<Security> parse(String s) {
            return java.util.Arrays.stream(values()).filter(v -> v.label().equalsIgnoreCase(s == null ? "" : s.trim())).findFirst();
        }
    }
}
