package dev.flotilla.cli.scheduling;

import dev.flotilla.cli.FlotillaCli;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla scheduling-policy list|show|create|update|delete|units}: oVirt's cluster
 * scheduling policies. The four built-in ones are read-only; custom ones name their filters,
 * weighted scorers, balancer and parameters.
 */
@Command(name = "scheduling-policy", description = "Scheduling policies (built-in and custom) and the units they are made of.")
public final class SchedulingPolicyCommand {

    private static final String POLICIES = "/schedulingpolicies";

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List the scheduling policies.")
    int list() {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().list(cli.api().get(POLICIES), SchedulingPolicy.class, SchedulingPolicy.COLUMNS);
        return 0;
    }

    @Command(name = "units", description = "List the filters, scorers and balancers a policy can use.")
    int units() {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().list(cli.api().get("/schedulingpolicyunits"), SchedulingPolicy.Unit.class, SchedulingPolicy.Unit.COLUMNS);
        return 0;
    }

    @Command(name = "show", description = "Show a policy's units and parameters.")
    int show(@Parameters(paramLabel = "POLICY") String name) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().details(cli.api().get(path(name)), SchedulingPolicy.class, SchedulingPolicy::details);
        return 0;
    }

    /** The parts of a policy; on update each one given replaces the policy's. */
    static final class Parts {
        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Option(names = "--filter", paramLabel = "FILTER", description = "A filter unit (repeatable); HostStatus, Migration and StorageReach always run.")
        List<String> filters;

        @Option(names = "--scorer", paramLabel = "NAME=WEIGHT", description = "A score unit and its weight, 1 to 100 (repeatable).")
        Map<String, Integer> scorers;

        @Option(names = "--balancer", paramLabel = "BALANCER", description = "The balance unit; \"\" for none.")
        String balancer;

        @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A parameter's value, e.g. HighUtilization=75 (repeatable).")
        Map<String, Integer> params;

        void putInto(Map<String, Object> body) {
            AffinityGroupCommand.putIfSet(body, "description", description);
            AffinityGroupCommand.putIfSet(body, "filters", filters);
            if (scorers != null) {
                body.put("scorers", scorers.entrySet().stream().map(e -> Map.of("name", e.getKey(), "weight", e.getValue())).toList());
            }
            AffinityGroupCommand.putIfSet(body, "balancer", balancer);
            AffinityGroupCommand.putIfSet(body, "parameters", params);
        }
    }

    @Command(name = "create", description = "Create a custom policy.")
    int create(@Parameters(paramLabel = "NAME") String name, @Mixin Parts parts) {
        FlotillaCli cli = FlotillaCli.of(spec);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        parts.putInto(body);
        cli.printer().details(cli.api().post(POLICIES, body), SchedulingPolicy.class, SchedulingPolicy::details);
        return 0;
    }

    @Command(name = "update", description = "Change a custom policy; options left out keep their value.")
    int update(@Parameters(paramLabel = "POLICY") String name, @Option(names = "--name", paramLabel = "NAME", description = "New name.") String newName,
               @Mixin Parts parts) {
        FlotillaCli cli = FlotillaCli.of(spec);
        Map<String, Object> body = new LinkedHashMap<>();
        AffinityGroupCommand.putIfSet(body, "name", newName);
        parts.putInto(body);
        body.put("version", cli.api().get(path(name)).path("version").asLong());
        cli.printer().details(cli.api().patch(path(name), body), SchedulingPolicy.class, SchedulingPolicy::details);
        return 0;
    }

    @Command(name = "delete", description = "Delete a custom policy no cluster uses.")
    int delete(@Parameters(paramLabel = "POLICY") String name) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.api().delete(path(name));
        cli.printer().message("Scheduling policy " + name + " was deleted.", null);
        return 0;
    }

    private static String path(String name) {
        return POLICIES + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
