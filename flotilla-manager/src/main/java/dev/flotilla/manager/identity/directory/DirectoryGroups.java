package dev.flotilla.manager.identity.directory;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Directory groups named {@code group@domain} before any of their members has signed in: an admin
 * grants a role to a directory group the way oVirt does, and the manager checks that the group is
 * there in the directory and records it (its members are filled in at each member's login).
 */
@Component
public class DirectoryGroups {

    private final LdapDomainStore domains;
    private final JdbcClient jdbc;
    private final DirectoryClient client = new DirectoryClient();

    DirectoryGroups(LdapDomainStore domains, JdbcClient jdbc) {
        this.domains = domains;
        this.jdbc = jdbc;
    }

    /**
     * The recorded group's name when {@code name} is {@code group@domain} of a directory domain and
     * the directory holds that group; empty otherwise. DirectoryException when the directory cannot answer.
     */
    public Optional<String> record(String name) {
        int at = name == null ? -1 : name.lastIndexOf('@');
        if (at <= 0) {
            return Optional.empty();
        }
        Optional<LdapDomain> domain = domains.named(name.substring(at + 1));
        if (domain.isEmpty() || !client.groupExists(domain.get(), name.substring(0, at))) {
            return Optional.empty();
        }
        String recorded = name.substring(0, at).toLowerCase() + "@" + domain.get().name().toLowerCase();
        jdbc.sql("insert into app_group(id, name, domain) values (:id, :n, :d) on conflict (name) do nothing")
                .param("id", UUID.randomUUID()).param("n", recorded).param("d", domain.get().name().toLowerCase()).update();
        return Optional.of(recorded);
    }
}
