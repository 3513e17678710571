package dev.flotilla.cli.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.cli.FlotillaCli;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla domain}: directory domains (LDAP) whose users sign in as user@domain. */
@Command(name = "domain", description = "Directory domains: OpenLDAP, 389 DS, FreeIPA, Active Directory.")
public final class DomainCommand {

    static final String DOMAINS = "/domains";

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List directory domains.")
    int list() {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().list(cli.api().get(DOMAINS), Rows.Domain.class, Rows.Domain.COLUMNS);
        return 0;
    }

    @Command(name = "add", description = "Add a directory domain.")
    int add(@Parameters(paramLabel = "NAME", description = "the part after @ in user@domain") String name,
            @Option(names = "--profile", required = true, paramLabel = "PROFILE", description = "openldap, 389ds, ipa, ad") String profile,
            @Option(names = "--server", required = true, split = ",", paramLabel = "HOST:PORT", description = "tried in order") List<String> servers,
            @Option(names = "--security", defaultValue = "none", paramLabel = "MODE", description = "none, ldaps, starttls") String security,
            @Option(names = "--base-dn", required = true, paramLabel = "DN") String baseDn,
            @Option(names = "--bind-dn", paramLabel = "DN") String bindDn,
            @Option(names = "--bind-password", paramLabel = "PASSWORD") String bindPassword,
            @Option(names = "--trust-all", description = "accept any certificate (labs only)") boolean trustAll) {
        FlotillaCli cli = FlotillaCli.of(spec);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("profile", profile);
        body.put("servers", servers);
        body.put("security", security);
        body.put("baseDn", baseDn);
        body.put("bindDn", bindDn);
        body.put("bindPassword", bindPassword);
        body.put("trustAll", trustAll);
        cli.printer().row(cli.api().post(DOMAINS, body), Rows.Domain.class, Rows.Domain.COLUMNS);
        return 0;
    }

    @Command(name = "test", description = "Connect and bind as the domain's bind user.")
    int test(@Parameters(paramLabel = "DOMAIN") String domain) {
        FlotillaCli cli = FlotillaCli.of(spec);
        JsonNode answer = cli.api().post(DOMAINS + "/" + Principals.id(cli.api(), DOMAINS, "name", "domain", domain) + "/test", null);
        cli.printer().message(answer.path("message").asText(), answer);
        return answer.path("ok").asBoolean() ? 0 : 1;
    }

    @Command(name = "delete", description = "Remove a directory domain.")
    int delete(@Parameters(paramLabel = "DOMAIN") String domain) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.api().delete(DOMAINS + "/" + Principals.id(cli.api(), DOMAINS, "name", "domain", domain));
        cli.printer().message("domain " + domain + " removed", null);
        return 0;
    }
}
