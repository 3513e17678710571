package dev.flotilla.cli.datacenter;

import dev.flotilla.cli.FlotillaCli;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla cluster create prod --data-center Default [--policy evenly_distributed --param HighUtilization=70]}. */
@Command(name = "create", description = "Create a cluster in a data center.")
final class ClusterCreate implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--data-center", required = true, paramLabel = "DATACENTER", description = "id or name")
    String dataCenter;

    @Option(names = "--policy", paramLabel = "POLICY", description = "Scheduling policy (default: none).")
    String policy;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Override of a policy parameter, e.g. HighUtilization=70 (repeatable).")
    Map<String, Integer> params;

    @Mixin
    ClusterSettings settings;

    @Override
    public Integer call() {
        FlotillaCli cli = FlotillaCli.of(spec);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("dataCenterId", cli.resolve("/datacenters", "data center", dataCenter));
        ClusterSettings.putIfSet(body, "schedulingPolicy", policy);
        ClusterSettings.putIfSet(body, "schedulingPolicyParameters", params);
        settings.putInto(body);
        cli.printer().details(cli.api().post(ClusterCommand.CLUSTERS, body), Cluster.class, Cluster::details);
        return 0;
    }
}
