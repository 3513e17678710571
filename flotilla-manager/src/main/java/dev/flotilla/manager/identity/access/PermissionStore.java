package dev.flotilla.manager.identity.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Permissions (grants) in the database. */
@Repository
public class PermissionStore {

    private final JdbcClient jdbc;
    private final AccessCache access;

    PermissionStore(JdbcClient jdbc, AccessCache access) {
        this.jdbc = jdbc;
        this.access = access;
    }

    /** The caller's own permissions and those of its groups. */
    public List<Grant> forCaller(Caller caller) {
        List<UUID> principals = new ArrayList<>(caller.groupIds());
        principals.add(caller.userId());
        return jdbc.sql("select * from permission where principal_id in (:p)").param("p", principals).query(PermissionStore::grant).list();
    }

    /** All permissions, or those on one object (System: object id null). */
    public List<Grant> list(Optional<SecuredObject> on) {
        if (on.isEmpty()) {
            return jdbc.sql("select * from permission order by created_at").query(PermissionStore::grant).list();
        }
        SecuredObject o = on.get();
        return jdbc.sql("select * from permission where object_type = :t and object_id is not distinct from :id order by created_at")
                .param("t", o.type().label()).param("id", o.id()).query(PermissionStore::grant).list();
    }

    public List<Grant> ofPrincipal(UUID principalId) {
        return jdbc.sql("select * from permission where principal_id = :p order by created_at").param("p", principalId)
                .query(PermissionStore::grant).list();
    }

    public Optional<Grant> find(UUID id) {
        return jdbc.sql("select * from permission where id = :id").param("id", id).query(PermissionStore::grant).optional();
    }

    public boolean exists(Grant g) {
        return jdbc.sql("""
                select count(*) from permission where principal_id = :p and role_id = :r and object_type = :t
                and object_id is not distinct from :o""")
                .param("p", g.principalId()).param("r", g.roleId()).param("t", g.object().type().label()).param("o", g.object().id())
                .query(Long.class).single() > 0;
    }

    public void insert(Grant g, String createdBy) {
        jdbc.sql("""
                insert into permission(id, principal_type, principal_id, role_id, object_type, object_id, created_by)
                values (:id, :pt, :p, :r, :t, :o, :by)""")
                .param("id", g.id()).param("pt", g.principalType().label()).param("p", g.principalId()).param("r", g.roleId())
                .param("t", g.object().type().label()).param("o", g.object().id()).param("by", createdBy).update();
        access.changed();
    }

    public void delete(UUID id) {
        jdbc.sql("delete from permission where id = :id").param("id", id).update();
        access.changed();
    }

    /** A deleted user or group takes its permissions with it. */
    public void deleteForPrincipal(UUID principalId) {
        jdbc.sql("delete from permission where principal_id = :p").param("p", principalId).update();
        access.changed();
    }

    private static Grant grant(ResultSet rs, int n) throws SQLException {
        SecuredType type = SecuredType.parse(rs.getString("object_type")).orElse(SecuredType.SYSTEM);
        return new Grant(rs.getObject("id", UUID.class),
                Grant.PrincipalType.valueOf(rs.getString("principal_type").toUpperCase()),
                rs.getObject("principal_id", UUID.class), rs.getObject("role_id", UUID.class),
                SecuredObject.of(type, rs.getObject("object_id", UUID.class)));
    }
}
