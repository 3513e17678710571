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

/**
 * {@code flotilla cluster update prod --memory-overcommit 150}: changes only what is given. It
 * sends the version it just read, so a change made by someone else in between is refused (409)
 * rather than overwritten.
 */
@Command(name = "update", description = "Change a cluster's name, description, overcommit, CPU family or resilience policy.")
final class ClusterUpdate implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CLUSTER", description = "id or name")
    String cluster;

    @Option(names = "--name", paramLabel = "NAME", description = "New name.")
    String newName;

    @Mixin
    ClusterSettings settings;

    @Override
    public Integer call() {
        Map<String, Object> body = new LinkedHashMap<>();
        ClusterSettings.putIfSet(body, "name", newName);
        settings.putInto(body);
        return patch(FlotillaCli.of(spec), cluster, body);
    }

    /** PATCHes the cluster with the version just read, and shows the result. */
    static int patch(FlotillaCli cli, String cluster, Map<String, Object> body) {
        String path = ClusterCommand.CLUSTERS + "/" + cli.resolve(ClusterCommand.CLUSTERS, "cluster", cluster);
        body.put("version", cli.api().get(path).path("version").asLong());
        cli.printer().details(cli.api().patch(path, body), Cluster.class, Cluster::details);
        return 0;
    }
}
