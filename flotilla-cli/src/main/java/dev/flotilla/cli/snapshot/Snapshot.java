package dev.flotilla.cli.snapshot;

import dev.flotilla.cli.output.Cells;
import dev.flotilla.cli.output.Column;
import dev.flotilla.cli.output.Detail;
import java.util.ArrayList;
import java.util.List;

/** A snapshot as the API returns it. */
record Snapshot(String id, String vmId, String description, String status, String statusReason, boolean live, String mergeStep,
                String createdAt, List<DiskVolume> volumes, KeptConfiguration configuration) {

    record DiskVolume(String diskId, String diskName, String volumeId) {
    }

    static final List<Column<Snapshot>> COLUMNS = List.of(
            Column.of("TAKEN", s -> Cells.time(s.createdAt())),
            Column.of("DESCRIPTION", Snapshot::description),
            Column.of("STATUS", Snapshot::status),
            Column.of("KIND", s -> s.live() ? "live" : "offline"),
            Column.of("DISKS", s -> s.volumes() == null ? "0" : Integer.toString(s.volumes().size())),
            Column.of("CONFIG", s -> KeptConfiguration.cell(s.configuration())),
            Column.of("ID", Snapshot::id));

    List<Detail> details() {
        List<Detail> lines = new ArrayList<>(List.of(
                Detail.of("Description", description),
                Detail.of("ID", id),
                Detail.of("Status", statusReason == null || statusReason.isEmpty() ? status : status + " (" + statusReason + ")"),
                Detail.of("Kind", live ? "live" : "offline"),
                Detail.of("Taken", Cells.time(createdAt))));
        if (mergeStep != null && !mergeStep.isEmpty()) {
            lines.add(Detail.of("Merge stopped at", mergeStep));
        }
        if (volumes != null) {
            volumes.forEach(v -> lines.add(Detail.of("Disk " + v.diskName(), "volume " + v.volumeId())));
        }
        lines.addAll(KeptConfiguration.details(configuration));
        return lines;
    }
}
