package dev.flotilla.cli.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.cli.FlotillaCli;
import dev.flotilla.cli.output.Detail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code flotilla host power-management show|set|test|remove HOST}: a host's BMC, as its fence proxies reach it. */
@Command(name = "power-management", description = "A host's power management (its BMC, fenced through another host).")
public final class PowerManagementCommand {

    private static final String HOSTS = "/hosts";

    @Spec
    CommandSpec spec;

    record PowerManagement(String hostId, boolean enabled, String agentType, String address, Integer port, String username,
                           boolean passwordSet, boolean lanplus, String cipher, String options, List<String> proxyPreference,
                           boolean policyControl, Boolean lastTestOk, String lastTestAt, String lastTestMessage) {
        List<Detail> details() {
            return List.of(Detail.of("Enabled", enabled ? "yes" : "no"), Detail.of("Agent", agentType), Detail.of("Address", address),
                    Detail.of("Port", port), Detail.of("User", username), Detail.of("Password", passwordSet ? "set" : "not set"),
                    Detail.of("Lanplus", lanplus ? "yes" : "no"), Detail.of("Cipher suite", cipher), Detail.of("Options", options),
                    Detail.of("Proxy preference", proxyPreference == null ? null : String.join(", ", proxyPreference)),
                    Detail.of("Policy control", policyControl ? "yes (power saving may power it off and on)" : "no"),
                    Detail.of("Last test", lastTestOk == null ? "never" : (lastTestOk ? "passed" : "FAILED") + " at " + lastTestAt
                            + (lastTestMessage == null || lastTestMessage.isEmpty() ? "" : ": " + lastTestMessage)));
        }
    }

    @Command(name = "show", description = "Show a host's power management (never its password).")
    int show(@Parameters(paramLabel = "HOST", description = "id or name") String host) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(HOSTS, "host", host);
        cli.printer().details(cli.api().get(HOSTS + "/" + id + "/powermanagement"), PowerManagement.class, PowerManagement::details);
        return 0;
    }

    @Command(name = "set", description = "Set a host's BMC (fence agent ipmilan).")
    int set(@Parameters(paramLabel = "HOST", description = "id or name") String host,
            @Option(names = "--address", required = true, paramLabel = "ADDRESS", description = "the BMC's host name or IP address") String address,
            @Option(names = "--port", paramLabel = "PORT", description = "default 623") Integer port,
            @Option(names = "--username", required = true, paramLabel = "USER", description = "the BMC user") String user,
            @Option(names = "--bmc-password-file", paramLabel = "FILE", description = "read the BMC password from FILE (keeps it out of ps and shell history)") Path passwordFile,
            @Option(names = "--bmc-password", paramLabel = "PASSWORD", description = "the BMC password; prefer --bmc-password-file") String password,
            @Option(names = "--cipher", paramLabel = "N", description = "IPMI cipher suite (default 3)") String cipher,
            @Option(names = "--no-lanplus", description = "IPMI 1.5 instead of 2.0 (lanplus)") boolean noLanplus,
            @Option(names = "--options", paramLabel = "K=V ...", description = "extra fence_ipmilan options, e.g. 'privlvl=operator'") String options,
            @Option(names = "--proxy", paramLabel = "SCOPES", split = ",", description = "where fence proxies come from, in order: cluster,dc") List<String> proxy,
            @Option(names = "--policy-control", negatable = true, description = "power saving may power the host off and on "
                    + "(--no-policy-control: never; default: keep, yes for a new one)") Boolean policyControl) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(HOSTS, "host", host);
        String secret = password;
        if (passwordFile != null) {
            try {
                secret = Files.readString(passwordFile).strip();
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "cannot read --bmc-password-file " + passwordFile + ": " + e.getMessage());
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agentType", "ipmilan");
        body.put("address", address);
        body.put("port", port);
        body.put("username", user);
        body.put("password", secret);
        body.put("cipher", cipher);
        body.put("lanplus", !noLanplus);
        body.put("options", options);
        body.put("proxyPreference", proxy);
        body.put("policyControl", policyControl);
        cli.printer().details(cli.api().put(HOSTS + "/" + id + "/powermanagement", body), PowerManagement.class, PowerManagement::details);
        return 0;
    }

    @Command(name = "test", description = "Read the host's power status through a proxy with the stored settings.")
    int test(@Parameters(paramLabel = "HOST", description = "id or name") String host) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(HOSTS, "host", host);
        JsonNode r = cli.api().post(HOSTS + "/" + id + "/powermanagement/test", null);
        boolean ok = r.path("ok").asBoolean();
        cli.printer().message(ok ? "power is %s (through %s)".formatted(r.path("powerStatus").asText(), r.path("proxy").asText())
                : "cannot read the power status: " + r.path("message").asText(), r);
        return ok ? 0 : 1;
    }

    @Command(name = "remove", description = "Remove a host's power management.")
    int remove(@Parameters(paramLabel = "HOST", description = "id or name") String host) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(HOSTS, "host", host);
        cli.api().delete(HOSTS + "/" + id + "/powermanagement");
        cli.printer().message("power management of host " + host + " removed", null);
        return 0;
    }
}
