package dev.flotilla.manager.identity.access;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Builds a caller's {@link Access} from the database. */
@Service
public class Authorizer {

    private final JdbcClient jdbc;
    private final PermissionStore permissions;
    private final RoleStore roles;
    private final ObjectTree tree;
    private final AccessCache cache;

    Authorizer(JdbcClient jdbc, PermissionStore permissions, RoleStore roles, ObjectTree tree, AccessCache cache) {
        this.cache = cache;
        this.jdbc = jdbc;
        this.permissions = permissions;
        this.roles = roles;
        this.tree = tree;
    }

    /** The access of a signed-in user; empty when the name is no user of the manager (nothing is allowed then). */
    public Optional<Access> accessOf(String username) {
        return cache.get(username, () -> callerOf(username).map(c -> new AccessCache.Basis(c, permissions.forCaller(c), roles.all())))
                .map(b -> new Access(b.caller(), b.grants(), b.roles(), tree::lineage));
    }

    public Optional<Caller> callerOf(String username) {
        return jdbc.sql("select id from app_user where username = :u").param("u", username).query(UUID.class).optional()
                .map(id -> new Caller(username, id, groupsOf(id)));
    }

    private Set<UUID> groupsOf(UUID userId) {
        List<UUID> ids = jdbc.sql("select group_id from group_member where user_id = :u").param("u", userId).query(UUID.class).list();
        return ids.stream().collect(Collectors.toUnmodifiableSet());
    }

    public Optional<SecuredObject> objectOfPermission(UUID permissionId) {
        return permissions.find(permissionId).map(Grant::object);
    }
}
