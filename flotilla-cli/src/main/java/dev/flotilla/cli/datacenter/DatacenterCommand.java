package dev.flotilla.cli.datacenter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "datacenter", description = "Data centers.")
public final class DatacenterCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List data centers.")
    int list() {
        return NamedObjectList.print(spec, "/datacenters");
    }
}
