package dev.flotilla.cli.identity;

import dev.flotilla.cli.FlotillaCli;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla group}: internal groups and their members; directory groups are read at login. */
@Command(name = "group", description = "Groups of users.")
public final class GroupCommand {

    static final String GROUPS = "/groups";

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List groups and their members.")
    int list() {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().list(cli.api().get(GROUPS), Rows.Group.class, Rows.Group.COLUMNS);
        return 0;
    }

    @Command(name = "create", description = "Create an internal group.")
    int create(@Parameters(paramLabel = "NAME") String name) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().row(cli.api().post(GROUPS, Map.of("name", name)), Rows.Group.class, Rows.Group.COLUMNS);
        return 0;
    }

    @Command(name = "add-member", description = "Add a user to an internal group.")
    int addMember(@Parameters(index = "0", paramLabel = "GROUP") String group, @Parameters(index = "1", paramLabel = "USER") String user) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = Principals.id(cli.api(), GROUPS, "name", "group", group);
        cli.printer().row(cli.api().post(GROUPS + "/" + id + "/members", Map.of("user", user)), Rows.Group.class, Rows.Group.COLUMNS);
        return 0;
    }

    @Command(name = "remove-member", description = "Remove a user from an internal group.")
    int removeMember(@Parameters(index = "0", paramLabel = "GROUP") String group, @Parameters(index = "1", paramLabel = "USER") String user) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = Principals.id(cli.api(), GROUPS, "name", "group", group);
        cli.api().delete(GROUPS + "/" + id + "/members/" + user);
        cli.printer().message(user + " removed from " + group, null);
        return 0;
    }

    @Command(name = "delete", description = "Delete a group and its permissions.")
    int delete(@Parameters(paramLabel = "GROUP") String group) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.api().delete(GROUPS + "/" + Principals.id(cli.api(), GROUPS, "name", "group", group));
        cli.printer().message("group " + group + " deleted", null);
        return 0;
    }
}
