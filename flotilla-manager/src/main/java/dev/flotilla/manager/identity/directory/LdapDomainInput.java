package dev.flotilla.manager.identity.directory;

import java.util.List;

/** A directory domain as sent to the API; on a change, null fields stay as they are. */
public record LdapDomainInput(String name, String profile, List<String> servers, String security, String bindDn,
                              String bindPassword, String baseDn, Boolean trustAll, String caPem) {
}
