package dev.flotilla.cli.identity;

import dev.flotilla.cli.output.Column;
import java.util.List;

/** The rows the identity verbs print, as the API returns them (unknown fields are ignored). */
final class Rows {

    private Rows() {
    }

    record User(String id, String username, String displayName, Boolean disabled, String lockedUntil, List<String> groups) {
        static final List<Column<User>> COLUMNS = List.of(Column.of("USER", User::username), Column.of("NAME", User::displayName),
                Column.of("STATE", u -> Boolean.TRUE.equals(u.disabled()) ? "disabled" : u.lockedUntil() != null ? "locked" : "active"),
                Column.of("GROUPS", u -> u.groups() == null ? "" : String.join(",", u.groups())), Column.of("ID", User::id));
    }

    record Group(String id, String name, List<String> members) {
        static final List<Column<Group>> COLUMNS = List.of(Column.of("GROUP", Group::name),
                Column.of("MEMBERS", g -> g.members() == null ? "" : String.join(",", g.members())), Column.of("ID", Group::id));
    }

    record Role(String id, String name, Boolean admin, Boolean predefined, List<String> actionGroups) {
        static final List<Column<Role>> COLUMNS = List.of(Column.of("ROLE", Role::name),
                Column.of("KIND", r -> (Boolean.TRUE.equals(r.admin()) ? "admin" : "user") + (Boolean.TRUE.equals(r.predefined()) ? ",predefined" : "")),
                Column.of("ACTION GROUPS", r -> r.actionGroups() == null ? "" : String.join(",", r.actionGroups())), Column.of("ID", Role::id));
    }

    record Permission(String id, String principalType, String principalName, String roleName, String objectType, String objectName) {
        static final List<Column<Permission>> COLUMNS = List.of(Column.of("WHO", p -> p.principalName() + " (" + p.principalType() + ")"),
                Column.of("ROLE", Permission::roleName), Column.of("OBJECT", p -> p.objectType() + " " + p.objectName()),
                Column.of("ID", Permission::id));
    }

    record Domain(String id, String name, String profile, List<String> servers, String security, String baseDn) {
        static final List<Column<Domain>> COLUMNS = List.of(Column.of("DOMAIN", Domain::name), Column.of("PROFILE", Domain::profile),
                Column.of("SERVERS", d -> d.servers() == null ? "" : String.join(",", d.servers())), Column.of("SECURITY", Domain::security),
                Column.of("BASE DN", Domain::baseDn), Column.of("ID", Domain::id));
    }
}
