package dev.flotilla.cli.datacenter;

import dev.flotilla.cli.FlotillaCli;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla cluster show Default}: the cluster's settings, its scheduling policy and overrides included. */
@Command(name = "show", description = "Show a cluster's settings.")
final class ClusterShow implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CLUSTER", description = "id or name")
    String cluster;

    @Override
    public Integer call() {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(ClusterCommand.CLUSTERS, "cluster", cluster);
        cli.printer().details(cli.api().get(ClusterCommand.CLUSTERS + "/" + id), Cluster.class, Cluster::details);
        return 0;
    }
}
