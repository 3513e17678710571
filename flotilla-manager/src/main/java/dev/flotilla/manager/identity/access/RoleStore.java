package dev.flotilla.manager.identity.access;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Roles in the database: the predefined ones (rewritten at every start from {@link PredefinedRoles}) and custom ones. */
@Repository
public class RoleStore {

    private final JdbcClient jdbc;
    private final AccessCache access;

    RoleStore(JdbcClient jdbc, AccessCache access) {
        this.jdbc = jdbc;
        this.access = access;
    }

    /** Makes the predefined roles in the database exactly what this version of the manager says they are. */
    void writePredefined() {
        for (Role role : PredefinedRoles.ALL) {
            jdbc.sql("""
                    insert into role(id, name, description, admin, predefined) values (:id, :name, :d, :admin, true)
                    on conflict (id) do update set name = :name, description = :d, admin = :admin, predefined = true""")
                    .param("id", role.id()).param("name", role.name()).param("d", role.description()).param("admin", role.admin())
                    .update();
            writeGroups(role.id(), role.actionGroups());
        }
        access.changed();
    }

    public void insert(Role role) {
        jdbc.sql("insert into role(id, name, description, admin, predefined) values (:id, :name, :d, :admin, false)")
                .param("id", role.id()).param("name", role.name()).param("d", role.description()).param("admin", role.admin())
                .update();
        writeGroups(role.id(), role.actionGroups());
        access.changed();
    }

    public void update(Role role) {
        jdbc.sql("update role set name = :name, description = :d, admin = :admin where id = :id and not predefined")
                .param("id", role.id()).param("name", role.name()).param("d", role.description()).param("admin", role.admin())
                .update();
        writeGroups(role.id(), role.actionGroups());
        access.changed();
    }

    public void delete(UUID id) {
        jdbc.sql("delete from role where id = :id and not predefined").param("id", id).update();
        access.changed();
    }

    public boolean inUse(UUID id) {
        return jdbc.sql("select count(*) from permission where role_id = :id").param("id", id).query(Long.class).single() > 0;
    }

    private void writeGroups(UUID roleId, Set<ActionGroup> groups) {
        jdbc.sql("delete from role_action_group where role_id = :id").param("id", roleId).update();
        for (ActionGroup g : groups) {
            jdbc.sql("insert into role_action_group(role_id, action_group) values (:id, :g)").param("id", roleId)
                    .param("g", g.label()).update();
        }
    }

    public Optional<Role> find(UUID id) {
        return Optional.ofNullable(all().get(id));
    }

    public Optional<Role> findByName(String name) {
        return all().values().stream().filter(r -> r.name().equalsIgnoreCase(name)).findFirst();
    }

    /** Every role by id, in name order. */
    public Map<UUID, Role> all() {
        Map<UUID, Set<ActionGroup>> groups = new HashMap<>();
        jdbc.sql("select role_id, action_group from role_action_group")
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2))).list()
                .forEach(e -> ActionGroup.parse(e.getValue()).ifPresent(g -> groups.computeIfAbsent(e.getKey(),
                        k -> EnumSet.noneOf(ActionGroup.class)).add(g)));
        Map<UUID, Role> roles = new LinkedHashMap<>();
        List<Role> rows = jdbc.sql("select id, name, description, admin, predefined from role order by name")
                .query((rs, n) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    return new Role(id, rs.getString("name"), rs.getString("description"), rs.getBoolean("admin"),
                            rs.getBoolean("predefined"), Set.copyOf(groups.getOrDefault(id, EnumSet.noneOf(ActionGroup.class))));
                }).list();
        rows.forEach(r -> roles.put(r.id(), r));
        return roles;
    }
}
