package dev.flotilla.manager.identity.directory;

import java.util.List;
import java.util.UUID;

/** A directory domain as the API shows it: the bind password only as "set or not". */
public record LdapDomainResponse(UUID id, String name, String profile, List<String> servers, String security, String bindDn,
                                 boolean bindPasswordSet, String baseDn, boolean trustAll, boolean caSet,
                                 String source, String file) {

    /** {@code source}: "file" (read-only here, {@code file} says which) or "api" (the API or the console made it). */
    static LdapDomainResponse of(LdapDomain d, LdapDomainStore store) {
        java.util.Optional<java.nio.file.Path> file = store.fileOf(d);
        return new LdapDomainResponse(d.id(), d.name(), d.profile().label(), d.servers(), d.security().label(), d.bindDn(),
                d.bindPassword() != null && !d.bindPassword().isEmpty(), d.baseDn(), d.trustAll(), d.caPem() != null && !d.caPem().isBlank(),
                file.isPresent() ? "file" : "api", file.map(Object::toString).orElse(null));
    }
}
