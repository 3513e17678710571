package dev.flotilla.cli.identity;

import dev.flotilla.cli.FlotillaCli;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla user}: internal users (directory users appear after their first login). */
@Command(name = "user", description = "Users of every domain; internal ones are created here.")
public final class UserCommand {

    static final String USERS = "/users";

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List users.")
    int list() {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().list(cli.api().get(USERS), Rows.User.class, Rows.User.COLUMNS);
        return 0;
    }

    @Command(name = "create", description = "Create an internal user.")
    int create(@Parameters(paramLabel = "NAME", description = "name or name@internal") String name,
               @Option(names = "--new-password", required = true, paramLabel = "PASSWORD",
                       description = "at least 10 characters of three kinds") String newPassword,
               @Option(names = "--display-name", paramLabel = "TEXT") String displayName,
               @Option(names = "--email", paramLabel = "ADDRESS") String email) {
        FlotillaCli cli = FlotillaCli.of(spec);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", name);
        body.put("password", newPassword);
        body.put("displayName", displayName);
        body.put("email", email);
        cli.printer().row(cli.api().post(USERS, body), Rows.User.class, Rows.User.COLUMNS);
        return 0;
    }

    @Command(name = "passwd", description = "Set an internal user's password.")
    int passwd(@Parameters(paramLabel = "USER") String user,
               @Option(names = "--new-password", required = true, paramLabel = "PASSWORD") String newPassword) {
        return patch(user, Map.of("password", newPassword), "password of " + user + " changed");
    }

    @Command(name = "unlock", description = "Clear a lock-out after failed logins.")
    int unlock(@Parameters(paramLabel = "USER") String user) {
        return patch(user, Map.of("unlock", true), user + " unlocked");
    }

    @Command(name = "disable", description = "Stop a user from signing in.")
    int disable(@Parameters(paramLabel = "USER") String user) {
        return patch(user, Map.of("disabled", true), user + " disabled");
    }

    @Command(name = "enable", description = "Let a disabled user sign in again.")
    int enable(@Parameters(paramLabel = "USER") String user) {
        return patch(user, Map.of("disabled", false), user + " enabled");
    }

    @Command(name = "delete", description = "Delete a user and its permissions.")
    int delete(@Parameters(paramLabel = "USER") String user) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.api().delete(USERS + "/" + Principals.id(cli.api(), USERS, "username", "user", user));
        cli.printer().message("user " + user + " deleted", null);
        return 0;
    }

    private int patch(String user, Map<String, Object> body, String done) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = Principals.id(cli.api(), USERS, "username", "user", user);
        cli.printer().message(done, cli.api().patch(USERS + "/" + id, body));
        return 0;
    }
}
