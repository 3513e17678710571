package dev.flotilla.manager.web;

import dev.flotilla.manager.storage.Bytes;
import dev.flotilla.manager.storage.DiskResponse;
import java.util.UUID;

/** One disk as the console shows it. */
record DiskRow(UUID id, String name, String size, String allocated, String format, String status, String color,
               String statusReason, UUID storageDomainId, String storageDomainName, Integer lun, UUID vmId, String vmName) {

    static DiskRow of(DiskResponse d) {
        String color = switch (d.status()) {
            case "OK" -> "green";
            case "Illegal" -> "red";
            default -> "orange";
        };
        return new DiskRow(d.id(), d.name(), Bytes.human(d.sizeBytes()), d.actualBytes() == null ? "" : Bytes.human(d.actualBytes()),
                d.format(), d.status(), color, d.statusReason(), d.storageDomainId(), d.storageDomainName(), d.lun(), d.vmId(),
                d.vmName() == null ? "" : d.vmName());
    }
}
