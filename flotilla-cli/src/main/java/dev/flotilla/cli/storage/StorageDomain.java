package dev.flotilla.cli.storage;

import dev.flotilla.cli.output.Cells;
import dev.flotilla.cli.output.Column;
import dev.flotilla.cli.output.Detail;
import java.util.List;

/** A storage domain as the API returns it (the CHAP secret never comes back, only whether it is set). */
record StorageDomain(String id, String name, String description, String type, String role, String status, String statusReason,
                     String dataCenterId, String hostId, Nfs nfs, Iscsi iscsi, String path, Long totalBytes, Long freeBytes,
                     String checkedAt, Long diskCount, List<DomainCheck> monitor) {

    record Nfs(String server, String export) {}

    record Iscsi(String portal, String target, String chapUser, Boolean chapSecretSet) {}

    static final List<Column<StorageDomain>> COLUMNS = List.of(
            Column.of("NAME", StorageDomain::name),
            Column.of("STATUS", StorageDomain::status),
            Column.of("TYPE", StorageDomain::type),
            Column.of("ROLE", StorageDomain::role),
            Column.of("WHERE", StorageDomain::where),
            Column.of("FREE", d -> Cells.bytes(d.freeBytes())),
            Column.of("TOTAL", d -> Cells.bytes(d.totalBytes())),
            Column.of("DISKS", d -> Cells.text(d.diskCount())),
            Column.of("ID", StorageDomain::id));

    String where() {
        if (nfs != null) {
            return nfs.server() + ":" + nfs.export();
        }
        if (iscsi != null) {
            return iscsi.portal() + "/" + iscsi.target();
        }
        return path;
    }

    List<Detail> details() {
        List<Detail> lines = new java.util.ArrayList<>(List.of(
                Detail.of("Name", name),
                Detail.of("ID", id),
                Detail.of("Status", statusReason == null || statusReason.isEmpty() ? status : status + " (" + statusReason + ")"),
                Detail.of("Type", type),
                Detail.of("Role", role),
                Detail.of("Where", where()),
                Detail.of("CHAP user", iscsi == null ? null : iscsi.chapUser()),
                Detail.of("Free", Cells.bytes(freeBytes)),
                Detail.of("Total", Cells.bytes(totalBytes)),
                Detail.of("Checked", Cells.time(checkedAt)),
                Detail.of("Disks", diskCount),
                Detail.of("Data center", dataCenterId),
                Detail.of("Description", description)));
        // each host's monitor of the domain, one line a host
        lines.addAll(DomainCheck.lines("Seen from ", monitor, true));
        return lines;
    }
}
