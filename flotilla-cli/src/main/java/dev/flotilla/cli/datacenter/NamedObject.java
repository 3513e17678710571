package dev.flotilla.cli.datacenter;

import dev.flotilla.cli.output.Column;
import java.util.List;

/** A data center or a cluster, as far as a listing needs it. */
record NamedObject(String id, String name, String description) {

    static final List<Column<NamedObject>> COLUMNS = List.of(
            Column.of("NAME", NamedObject::name),
            Column.of("DESCRIPTION", NamedObject::description),
            Column.of("ID", NamedObject::id));
}
