package dev.flotilla.cli.event;

import dev.flotilla.cli.FlotillaCli;
import dev.flotilla.cli.api.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "event", description = "Events (the audit log).")
public final class EventCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List events, newest first.")
    int list(@Option(names = "--object", paramLabel = "ID", description = "Only events about this object.")
             String objectId,
             @Option(names = "--page", paramLabel = "P") Integer page,
             @Option(names = "--size", paramLabel = "N") Integer size) {
        FlotillaCli cli = FlotillaCli.of(spec);
        Query query = Query.of().with("objectId", objectId).with("page", page).with("size", size);
        cli.printer().list(cli.api().get("/events", query), Event.class, Event.COLUMNS);
        return 0;
    }
}
