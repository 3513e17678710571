package dev.flotilla.cli.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.cli.FlotillaCli;
import dev.flotilla.cli.api.Query;
import dev.flotilla.cli.output.Cells;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla host}. Every verb is short, so all are methods of this one class. */
@Command(name = "host", description = "Hosts (hypervisors running the flotilla agent).", subcommands = PowerManagementCommand.class)
public final class HostCommand {

    private static final String HOSTS = "/hosts";

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List hosts.")
    int list(@Option(names = "--status", paramLabel = "STATUS") String status,
             @Option(names = "--cluster", paramLabel = "ID") String clusterId,
             @Option(names = "--name", paramLabel = "NAME") String name,
             @Option(names = "--page", paramLabel = "P") Integer page,
             @Option(names = "--size", paramLabel = "N") Integer size) {
        FlotillaCli cli = FlotillaCli.of(spec);
        Query query = Query.of().with("status", status).with("clusterId", clusterId).with("name", name)
                .with("page", page).with("size", size);
        cli.printer().list(cli.api().get(HOSTS, query), Host.class, Host.COLUMNS);
        return 0;
    }

    @Command(name = "show", description = "Show one host in full.")
    int show(@Parameters(paramLabel = "HOST", description = "id or name") String host) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(HOSTS, "host", host);
        cli.printer().details(cli.api().get(HOSTS + "/" + id), Host.class, Host::details);
        return 0;
    }

    /** Prints only the token on stdout, so that {@code TOKEN=$(flotilla host token)} works. */
    @Command(name = "token", description = "Create a one-time enrollment token for a new host's agent.")
    int token(@Option(names = "--ttl", paramLabel = "MINUTES", defaultValue = "60",
            description = "How long the token stays valid (default: ${DEFAULT-VALUE}).") int ttlMinutes) {
        FlotillaCli cli = FlotillaCli.of(spec);
        JsonNode answer = cli.api().post(HOSTS + "/enrollment-tokens", new EnrollmentTokenRequest(ttlMinutes));
        var printer = cli.printer();
        printer.message(answer.path("token").asText(), answer);
        printer.note("expires at " + Cells.time(answer.path("expiresAt").asText(null)));
        return 0;
    }

    @Command(name = "approve", description = "Approve a host that enrolled, so it can run VMs.")
    int approve(@Parameters(paramLabel = "HOST", description = "id or name") String host) {
        return act(host, "approve");
    }

    @Command(name = "maintenance", description = "Put a host into maintenance (its VMs are migrated away).")
    int maintenance(@Parameters(paramLabel = "HOST", description = "id or name") String host) {
        return act(host, "maintenance");
    }

    @Command(name = "activate", description = "Bring a host back from maintenance.")
    int activate(@Parameters(paramLabel = "HOST", description = "id or name") String host) {
        return act(host, "activate");
    }

    @Command(name = "delete", description = "Remove a host from the manager.")
    int delete(@Parameters(paramLabel = "HOST", description = "id or name") String host) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(HOSTS, "host", host);
        cli.api().delete(HOSTS + "/" + id);
        cli.printer().message("host " + host + " deleted", null);
        return 0;
    }

    /** Prints what the BMC said; exit 1 when the fence did not succeed, so scripts can tell. */
    @Command(name = "fence", description = "Fence a host through its BMC: status, on, off, restart; or manual: confirm a NonResponsive host is off.")
    int fence(@Parameters(paramLabel = "HOST", description = "id or name") String host,
              @Parameters(paramLabel = "ACTION", description = "status | on | off | restart | manual") String action) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(HOSTS, "host", host);
        JsonNode r = cli.api().post(HOSTS + "/" + id + "/fence", java.util.Map.of("action", action));
        cli.printer().message("%s %s: %s%s%s".formatted(action, r.path("ok").asBoolean() ? "succeeded" : "FAILED",
                r.path("powerStatus").asText("").isEmpty() ? "" : "power " + r.path("powerStatus").asText() + "; ",
                r.path("message").asText(""), r.path("proxy").asText("").isEmpty() ? "" : " (through " + r.path("proxy").asText() + ")"), r);
        return r.path("ok").asBoolean() ? 0 : 1;
    }

    private int act(String host, String action) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(HOSTS, "host", host);
        cli.printer().row(cli.api().post(HOSTS + "/" + id + "/" + action, null), Host.class, Host.COLUMNS);
        return 0;
    }
}
