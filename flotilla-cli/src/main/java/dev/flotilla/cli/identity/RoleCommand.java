package dev.flotilla.cli.identity;

import dev.flotilla.cli.FlotillaCli;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla role}: the predefined roles and custom ones made of action groups. */
@Command(name = "role", description = "Roles: sets of action groups.")
public final class RoleCommand {

    static final String ROLES = "/roles";

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List roles and their action groups.")
    int list() {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().list(cli.api().get(ROLES), Rows.Role.class, Rows.Role.COLUMNS);
        return 0;
    }

    @Command(name = "create", description = "Create a custom role.")
    int create(@Parameters(paramLabel = "NAME") String name,
               @Option(names = "--action-group", required = true, split = ",", paramLabel = "GROUP",
                       description = "login, run_vm, create_vm, ... (repeat or separate with commas)") List<String> groups,
               @Option(names = "--admin", description = "an admin role (opens the admin console)") boolean admin,
               @Option(names = "--description", paramLabel = "TEXT") String description) {
        FlotillaCli cli = FlotillaCli.of(spec);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("description", description);
        body.put("admin", admin);
        body.put("actionGroups", groups);
        cli.printer().row(cli.api().post(ROLES, body), Rows.Role.class, Rows.Role.COLUMNS);
        return 0;
    }

    @Command(name = "delete", description = "Delete a custom role that is no longer granted.")
    int delete(@Parameters(paramLabel = "ROLE") String role) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.api().delete(ROLES + "/" + Principals.id(cli.api(), ROLES, "name", "role", role));
        cli.printer().message("role " + role + " deleted", null);
        return 0;
    }
}
