package dev.flotilla.cli.storage;

import dev.flotilla.cli.output.Cells;
import dev.flotilla.cli.output.Column;
import dev.flotilla.cli.output.Detail;
import java.util.List;

/** A disk as the API returns it, with its domain's name and the VM it is attached to. */
record Disk(String id, String name, String description, String storageDomainId, String storageDomainName, String volumeId,
            Integer lun, String format, Long sizeBytes, Long actualBytes, String status, String statusReason, String vmId,
            String vmName, String createdAt) {

    static final List<Column<Disk>> COLUMNS = List.of(
            Column.of("NAME", Disk::name),
            Column.of("STATUS", Disk::status),
            Column.of("SIZE", d -> Cells.bytes(d.sizeBytes())),
            Column.of("ALLOCATED", d -> Cells.bytes(d.actualBytes())),
            Column.of("FORMAT", Disk::format),
            Column.of("DOMAIN", Disk::storageDomainName),
            Column.of("VM", Disk::vmName),
            Column.of("ID", Disk::id));

    List<Detail> details() {
        return List.of(
                Detail.of("Name", name),
                Detail.of("ID", id),
                Detail.of("Status", statusReason == null || statusReason.isEmpty() ? status : status + " (" + statusReason + ")"),
                Detail.of("Size", Cells.bytes(sizeBytes)),
                Detail.of("Allocated", Cells.bytes(actualBytes)),
                Detail.of("Format", format),
                Detail.of("Storage domain", storageDomainName),
                Detail.of("LUN", lun),
                Detail.of("Volume", volumeId),
                Detail.of("VM", vmName),
                Detail.of("Created", Cells.time(createdAt)),
                Detail.of("Description", description));
    }
}
