package dev.flotilla.cli.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.flotilla.cli.output.Cells;
import dev.flotilla.cli.output.Column;
import java.util.List;

/** A disk of a VM and how the guest sees it. */
record VmDisk(String diskId, String name, String vmId, String format, Long sizeBytes, String status, String storageDomainName,
              @JsonProperty("interface") String diskInterface, boolean bootable, boolean readOnly, Integer slot) {

    static final List<Column<VmDisk>> COLUMNS = List.of(
            Column.of("NAME", VmDisk::name),
            Column.of("SIZE", d -> Cells.bytes(d.sizeBytes())),
            Column.of("INTERFACE", VmDisk::diskInterface),
            // where the device sits in QEMU (kept while the VM runs, so a migration's target lays it out the same)
            Column.of("SLOT", d -> d.slot() == null ? "-" : d.slot().toString()),
            Column.of("BOOT", d -> Cells.yesNo(d.bootable())),
            Column.of("RO", d -> Cells.yesNo(d.readOnly())),
            Column.of("DOMAIN", VmDisk::storageDomainName),
            Column.of("ID", VmDisk::diskId));
}
