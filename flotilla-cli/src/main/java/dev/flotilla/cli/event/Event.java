package dev.flotilla.cli.event;

import dev.flotilla.cli.output.Cells;
import dev.flotilla.cli.output.Column;
import java.util.List;

/** One audit event: who did what to which object, or what the manager noticed. */
record Event(String id, String time, String severity, String objectType, String objectId, String objectName,
             String user, String message) {

    static final List<Column<Event>> COLUMNS = List.of(
            Column.of("TIME", e -> Cells.time(e.time())),
            Column.of("SEVERITY", Event::severity),
            Column.of("OBJECT", Event::objectName),
            Column.of("USER", Event::user),
            Column.of("MESSAGE", Event::message));
}
