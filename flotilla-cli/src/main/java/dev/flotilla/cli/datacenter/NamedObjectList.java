package dev.flotilla.cli.datacenter;

import dev.flotilla.cli.FlotillaCli;
import picocli.CommandLine.Model.CommandSpec;

/** The listing both {@code datacenter list} and {@code cluster list} are. */
final class NamedObjectList {

    private NamedObjectList() {}

    static int print(CommandSpec spec, String collection) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().list(cli.api().get(collection), NamedObject.class, NamedObject.COLUMNS);
        return 0;
    }
}
