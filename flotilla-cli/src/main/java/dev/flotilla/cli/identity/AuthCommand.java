package dev.flotilla.cli.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.cli.FlotillaCli;
import dev.flotilla.cli.output.Cells;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla auth}: bearer tokens for scripts. {@code export FLOTILLA_TOKEN=$(flotilla auth token)}
 * signs in once; later commands send the token instead of the password.
 */
@Command(name = "auth", description = "API tokens: sign in once, then use FLOTILLA_TOKEN.")
public final class AuthCommand {

    @Spec
    CommandSpec spec;

    /** Prints only the token on stdout. */
    @Command(name = "token", description = "Get a bearer token (prints only the token).")
    int token(@Option(names = "--ttl", paramLabel = "MINUTES", description = "shorter than the manager's maximum") Long ttl,
              @Option(names = "--description", paramLabel = "TEXT") String description) {
        FlotillaCli cli = FlotillaCli.of(spec);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ttlMinutes", ttl);
        body.put("description", description);
        JsonNode answer = cli.api().post("/auth/token", body);
        cli.printer().message(answer.path("token").asText(), answer);
        cli.printer().note("expires at " + Cells.time(answer.path("expiresAt").asText(null)));
        return 0;
    }

    @Command(name = "revoke", description = "Revoke one of your tokens by id.")
    int revoke(@Parameters(paramLabel = "ID") String id) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.api().delete("/auth/tokens/" + id);
        cli.printer().message("token " + id + " revoked", null);
        return 0;
    }
}
