package dev.flotilla.cli.datacenter;

import dev.flotilla.cli.FlotillaCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "cluster", description = "Clusters (hosts that can run each other's VMs): scheduling policy, overcommit, migration defaults.",
        subcommands = {ClusterShow.class, ClusterCreate.class, ClusterUpdate.class, ClusterSetPolicy.class, ClusterMigrationDefaults.class,
                ClusterPowerSaving.class})
public final class ClusterCommand {

    static final String CLUSTERS = "/clusters";

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List clusters.")
    int list() {
        return NamedObjectList.print(spec, CLUSTERS);
    }

    @Command(name = "delete", description = "Delete a cluster that has no hosts and no VMs.")
    int delete(@Parameters(paramLabel = "CLUSTER", description = "id or name") String cluster) {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(CLUSTERS, "cluster", cluster);
        cli.api().delete(CLUSTERS + "/" + id);
        cli.printer().message("Cluster " + cluster + " was deleted.", null);
        return 0;
    }
}
