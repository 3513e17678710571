package dev.flotilla.manager.web;

import dev.flotilla.manager.storage.Bytes;
import dev.flotilla.manager.storage.VmDiskResponse;
import java.util.UUID;

/** One disk of a VM as its page shows it. */
record VmDiskRow(UUID diskId, String name, String size, String format, String status, String storageDomainName,
                 UUID storageDomainId, String diskInterface, boolean bootable, boolean readOnly, String slot) {

    static VmDiskRow of(VmDiskResponse d) {
        return new VmDiskRow(d.diskId(), d.name(), Bytes.human(d.sizeBytes()), d.format(), d.status(), d.storageDomainName(),
                d.storageDomainId(), d.diskInterface(), d.bootable(), d.readOnly(), d.slot() == null ? "—" : d.slot().toString());
    }
}
