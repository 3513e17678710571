package dev.flotilla.cli.datacenter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "cluster", description = "Clusters (hosts that can run each other's VMs).")
public final class ClusterCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List clusters.")
    int list() {
        return NamedObjectList.print(spec, "/clusters");
    }
}
