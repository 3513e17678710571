package dev.flotilla.manager.identity.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Directory domains in the database. */
@Repository
public class LdapDomainStore {

    private final JdbcClient jdbc;
    private final FileDomains files;

    LdapDomainStore(JdbcClient jdbc, FileDomains files) {
        this.jdbc = jdbc;
        this.files = files;
    }

    /** Domains from files first (they win a name), then those made through the API or the console. */
    public List<LdapDomain> all() {
        List<LdapDomain> all = new java.util.ArrayList<>(files.all());
        all.addAll(jdbc.sql("select * from ldap_domain order by name").query(LdapDomainStore::row).list());
        return all;
    }

    public Optional<LdapDomain> find(UUID id) {
        return files.all().stream().filter(d -> d.id().equals(id)).findFirst()
                .or(() -> jdbc.sql("select * from ldap_domain where id = :id").param("id", id).query(LdapDomainStore::row).optional());
    }

    public Optional<LdapDomain> named(String name) {
        return files.all().stream().filter(d -> d.name().equalsIgnoreCase(name)).findFirst()
                .or(() -> jdbc.sql("select * from ldap_domain where lower(name) = lower(:n)").param("n", name)
                        .query(LdapDomainStore::row).optional());
    }

    /** The file a domain is read from: such a domain is changed in its file, not through the API. */
    Optional<java.nio.file.Path> fileOf(LdapDomain d) {
        return files.fileOf(d);
    }

    void save(LdapDomain d) {
        jdbc.sql("""
                insert into ldap_domain(id, name, profile, servers, security, bind_dn, bind_password, base_dn, trust_all, ca_pem)
                values (:id, :name, :profile, :servers, :security, :bindDn, :bindPassword, :baseDn, :trustAll, :ca)
                on conflict (id) do update set name = :name, profile = :profile, servers = :servers, security = :security,
                bind_dn = :bindDn, bind_password = :bindPassword, base_dn = :baseDn, trust_all = :trustAll, ca_pem = :ca""")
                .param("id", d.id()).param("name", d.name()).param("profile", d.profile().label())
                .param("servers", String.join(",", d.servers())).param("security", d.security().label())
                .param("bindDn", d.bindDn()).param("bindPassword", d.bindPassword()).param("baseDn", d.baseDn())
                .param("trustAll", d.trustAll()).param("ca", d.caPem()).update();
    }

    void delete(UUID id) {
        jdbc.sql("delete from ldap_domain where id = :id").param("id", id).update();
    }

    private static LdapDomain row(ResultSet rs, int n) throws SQLException {
        return new LdapDomain(rs.getObject("id", UUID.class), rs.getString("name"),
                DirectoryProfile.parse(rs.getString("profile")).orElse(DirectoryProfile.OPENLDAP),
                Arrays.stream(rs.getString("servers").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                LdapDomain.Security.parse(rs.getString("security")).orElse(LdapDomain.Security.NONE),
                rs.getString("bind_dn"), rs.getString("bind_password"), rs.getString("base_dn"), rs.getBoolean("trust_all"),
                rs.getString("ca_pem"));
    }
}
