package dev.flotilla.cli.identity;

import dev.flotilla.cli.FlotillaCli;
import dev.flotilla.cli.api.Query;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla permission}: who holds which role on which object. */
@Command(name = "permission", description = "Permissions: a role for a user or group on an object.")
public final class PermissionCommand {

    static final String PERMISSIONS = "/permissions";
    private static final Map<String, String> COLLECTIONS = Map.of("vm", "/vms", "host", "/hosts", "cluster", "/clusters",
            "datacenter", "/datacenters", "storage_domain", "/storagedomains", "disk", "/disks", "template", "/templates");

    @Spec
    CommandSpec spec;

    /** Exactly one of --for-user and --for-group (--user is who signs in). */
    static final class Who {
        @Option(names = "--for-user", paramLabel = "USER", required = true) String user;
        @Option(names = "--for-group", paramLabel = "GROUP", required = true) String group;
    }

    @Command(name = "list", description = "List permissions, all or on one object.")
    int list(@Option(names = "--on", paramLabel = "TYPE", description = "system, datacenter, cluster, host, storage_domain, template, vm, disk") String type,
             @Option(names = "--object", paramLabel = "OBJECT", description = "id or name") String object) {
        FlotillaCli cli = FlotillaCli.of(spec);
        Query q = Query.of().with("objectType", type).with("objectId", type == null || object == null ? null : objectId(cli, type, object));
        cli.printer().list(cli.api().get(PERMISSIONS, q), Rows.Permission.class, Rows.Permission.COLUMNS);
        return 0;
    }

    @Command(name = "grant", description = "Grant a role, e.g. grant --for-user ann --role UserRole --on vm --object web1.")
    int grant(@ArgGroup(exclusive = true, multiplicity = "1") Who who,
              @Option(names = "--role", required = true, paramLabel = "ROLE") String role,
              @Option(names = "--on", required = true, paramLabel = "TYPE") String type,
              @Option(names = "--object", paramLabel = "OBJECT", description = "id or name (not for system)") String object) {
        FlotillaCli cli = FlotillaCli.of(spec);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", who.user);
        body.put("group", who.group);
        body.put("role", role);
        body.put("objectType", type);
        body.put("objectId", object == null ? null : objectId(cli, type, object));
        cli.printer().row(cli.api().post(PERMISSIONS, body), Rows.Permission.class, Rows.Permission.COLUMNS);
        return 0;
    }

    @Command(name = "revoke", description = "Revoke a permission by its id (see permission list).")
    int revoke(@Parameters(paramLabel = "ID") String id) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.api().delete(PERMISSIONS + "/" + id);
        cli.printer().message("permission " + id + " revoked", null);
        return 0;
    }

    private static String objectId(FlotillaCli cli, String type, String object) {
        String collection = COLLECTIONS.get(type);
        return collection == null ? object : cli.resolve(collection, type, object);
    }
}
