package dev.flotilla.cli.storage;

import dev.flotilla.cli.output.Cells;
import dev.flotilla.cli.output.Column;
import java.util.List;

/** One LUN of an iSCSI domain and the disk on it. */
record Lun(int lun, long sizeBytes, String diskId, String diskName) {

    static final List<Column<Lun>> COLUMNS = List.of(
            Column.of("LUN", l -> Integer.toString(l.lun())),
            Column.of("SIZE", l -> Cells.bytes(l.sizeBytes())),
            Column.of("DISK", l -> l.diskName() == null ? "free" : l.diskName()));
}
