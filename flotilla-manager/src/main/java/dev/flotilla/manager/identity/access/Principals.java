package dev.flotilla.manager.identity.access;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Users and groups as permissions name them: by id or by name@domain. */
@Component
public class Principals {

    /** A user or a group. */
    public record Principal(Grant.PrincipalType type, UUID id, String name) {
    }

    private final JdbcClient jdbc;

    Principals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Principal> user(String idOrName) {
        return find(Grant.PrincipalType.USER, "app_user", "username", idOrName);
    }

    public Optional<Principal> group(String idOrName) {
        return find(Grant.PrincipalType.GROUP, "app_group", "name", idOrName);
    }

    public Optional<Principal> byId(Grant.PrincipalType type, UUID id) {
        return type == Grant.PrincipalType.USER ? user(id.toString()) : group(id.toString());
    }

    private Optional<Principal> find(Grant.PrincipalType type, String table, String nameColumn, String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            return Optional.empty();
        }
        Optional<UUID> id = Target.uuid(idOrName.trim());
        String where = id.isPresent() ? "id = :v" : "lower(" + nameColumn + ") = lower(:v)";
        String name = idOrName.contains("@") || id.isPresent() ? idOrName.trim() : idOrName.trim() + "@internal";
        return jdbc.sql("select id, " + nameColumn + " from " + table + " where " + where)
                .param("v", id.isPresent() ? id.get() : name)
                .query((rs, n) -> new Principal(type, rs.getObject(1, UUID.class), rs.getString(2))).optional();
    }
}
