package dev.flotilla.cli.storage;

import dev.flotilla.cli.FlotillaCli;
import dev.flotilla.cli.api.ApiException;
import dev.flotilla.cli.api.Query;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla storage}: storage domains. Each verb is short, so all are methods of this class. */
@Command(name = "storage", description = "Storage domains (nfs, iscsi, posix, local).")
public final class StorageCommand {

    static final String DOMAINS = "/storagedomains";

    @Spec
    CommandSpec spec;

    /** Body of create; absent blocks are not sent. */
    record CreateRequest(String name, String description, String type, String role, String dataCenterId, String hostId,
                         Map<String, String> nfs, Map<String, String> iscsi, String path,
                         @com.fasterxml.jackson.annotation.JsonProperty("import") Boolean importDisks) {}

    record AttachRequest(String dataCenterId) {}

    /** What an import registered, and each disk it left on the domain with why. */
    static String imported(com.fasterxml.jackson.databind.JsonNode result) {
        StringBuilder text = new StringBuilder(result.path("imported").asInt() + " disk(s) imported");
        for (var skipped : result.path("skipped")) {
            text.append(System.lineSeparator()).append("skipped ").append(skipped.path("diskId").asText()).append(": ")
                    .append(skipped.path("reason").asText());
        }
        return text.toString();
    }

    @Command(name = "list", description = "List storage domains.")
    int list(@Option(names = "--datacenter", paramLabel = "ID") String dataCenterId,
             @Option(names = "--page", paramLabel = "P") Integer page,
             @Option(names = "--size", paramLabel = "N") Integer size) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().list(cli.api().get(DOMAINS, Query.of().with("dataCenterId", dataCenterId).with("page", page).with("size", size)),
                StorageDomain.class, StorageDomain.COLUMNS);
        return 0;
    }

    @Command(name = "show", description = "Show one storage domain in full.")
    int show(@Parameters(paramLabel = "DOMAIN", description = "id or name") String domain) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().details(cli.api().get(DOMAINS + "/" + id(cli, domain)), StorageDomain.class, StorageDomain::details);
        return 0;
    }

    @Command(name = "create", description = "Add a storage domain: a host of the data center checks it first; nothing is recorded when it cannot reach it.")
    int create(@Option(names = "--name", required = true, paramLabel = "NAME") String name,
               @Option(names = "--type", required = true, paramLabel = "TYPE", description = "nfs, iscsi, posix or local.") String type,
               @Option(names = "--role", paramLabel = "ROLE", description = "data (default) or iso.") String role,
               @Option(names = "--datacenter", paramLabel = "ID", description = "Default: the Default data center.") String dataCenterId,
               @Option(names = "--host", paramLabel = "HOST", description = "id or name of the host that checks it (required for local).") String host,
               @Option(names = "--server", paramLabel = "HOST", description = "nfs: the NFS server.") String server,
               @Option(names = "--export", paramLabel = "PATH", description = "nfs: the exported path or a directory inside it, e.g. /export.") String export,
               @Option(names = "--portal", paramLabel = "HOST[:PORT]", description = "iscsi: the portal.") String portal,
               @Option(names = "--target", paramLabel = "IQN", description = "iscsi: the target.") String target,
               @Option(names = "--chap-user", paramLabel = "USER", description = "iscsi: CHAP user.") String chapUser,
               @Option(names = "--chap-secret-file", paramLabel = "FILE",
                       description = "iscsi: a file holding the CHAP secret (or env FLOTILLA_CHAP_SECRET; never on the command line, where other users see it).")
               Path chapSecretFile,
               @Option(names = "--path", paramLabel = "PATH", description = "posix, local: the directory on the hosts.") String path,
               @Option(names = "--description", paramLabel = "TEXT") String description,
               @Option(names = "--import", description = "nfs, posix, local: the export or directory holds a domain another (or a lost) "
                       + "manager made; register the disks found on it (iscsi cannot be imported).") boolean importDisks) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String hostId = host == null ? null : cli.resolve("/hosts", "host", host);
        Map<String, String> nfs = server == null && export == null ? null : Map.of("server", orEmpty(server), "export", orEmpty(export));
        Map<String, String> iscsi = null;
        if (portal != null || target != null || chapUser != null) {
            String secret = chapUser == null ? null : secret(chapSecretFile);
            iscsi = new java.util.LinkedHashMap<>();
            iscsi.put("portal", portal);
            iscsi.put("target", target);
            iscsi.put("chapUser", chapUser);
            iscsi.put("chapSecret", secret);
        }
        var body = new CreateRequest(name, description, type, role, dataCenterId, hostId, nfs, iscsi, path, importDisks ? Boolean.TRUE : null);
        var made = cli.api().post(DOMAINS, body);
        cli.printer().row(made, StorageDomain.class, StorageDomain.COLUMNS);
        if (importDisks) {
            cli.printer().message(imported(made.path("imported")), null);
        }
        return 0;
    }

    @Command(name = "attach", description = "Attach an unattached domain to a data center (it is then in Maintenance).")
    int attach(@Parameters(paramLabel = "DOMAIN", description = "id or name") String domain,
               @Option(names = "--datacenter", required = true, paramLabel = "ID") String dataCenterId) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().row(cli.api().post(DOMAINS + "/" + id(cli, domain) + "/attach", new AttachRequest(dataCenterId)),
                StorageDomain.class, StorageDomain.COLUMNS);
        return 0;
    }

    @Command(name = "activate", description = "Activate a domain: a host of its data center must reach it.")
    int activate(@Parameters(paramLabel = "DOMAIN", description = "id or name") String domain) {
        return act(domain, "activate");
    }

    @Command(name = "deactivate", description = "Put a domain into Maintenance (refused while running VMs use its disks).")
    int deactivate(@Parameters(paramLabel = "DOMAIN", description = "id or name") String domain) {
        return act(domain, "deactivate");
    }

    @Command(name = "detach", description = "Detach a domain in Maintenance from its data center.")
    int detach(@Parameters(paramLabel = "DOMAIN", description = "id or name") String domain) {
        return act(domain, "detach");
    }

    @Command(name = "delete", description = "Remove a domain without disks from the manager (its files stay on the storage).")
    int delete(@Parameters(paramLabel = "DOMAIN", description = "id or name") String domain) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.api().delete(DOMAINS + "/" + id(cli, domain));
        cli.printer().message("storage domain " + domain + " deleted", null);
        return 0;
    }

    @Command(name = "luns", description = "List the LUNs of an iSCSI domain as a host sees them now, and the disk on each.")
    int luns(@Parameters(paramLabel = "DOMAIN", description = "id or name") String domain) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().list(cli.api().get(DOMAINS + "/" + id(cli, domain) + "/luns"), Lun.class, Lun.COLUMNS);
        return 0;
    }

    private int act(String domain, String action) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().row(cli.api().post(DOMAINS + "/" + id(cli, domain) + "/" + action, null), StorageDomain.class, StorageDomain.COLUMNS);
        return 0;
    }

    static String id(FlotillaCli cli, String domain) {
        return cli.resolve(DOMAINS, "storage domain", domain);
    }

    private static String secret(Path file) {
        if (file != null) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new ApiException("cannot read " + file + ": " + e.getMessage());
            }
        }
        String env = System.getenv("FLOTILLA_CHAP_SECRET");
        if (env == null || env.isEmpty()) {
            throw new ApiException("--chap-user needs the secret: --chap-secret-file FILE or env FLOTILLA_CHAP_SECRET");
        }
        return env;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
