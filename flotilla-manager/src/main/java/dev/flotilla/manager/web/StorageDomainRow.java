package dev.flotilla.manager.web;

import dev.flotilla.manager.storage.Bytes;
import dev.flotilla.manager.storage.StorageDomainResponse;
import dev.flotilla.manager.storage.StorageDomainStatus;
import java.util.List;
import java.util.UUID;

/** One storage domain as the console shows it: where it is, its space in words, the buttons legal in its status. */
record StorageDomainRow(UUID id, String name, String type, String role, String status, String color, String statusReason,
                        String connection, String space, long diskCount, String dataCenterName, boolean attachable,
                        List<VmAction.Button> actions) {

    static StorageDomainRow of(StorageDomainResponse d, String dataCenterName) {
        StorageDomainStatus status = StorageDomainStatus.parse(d.status());
        String color = switch (status) {
            case Active -> "green";
            case Inactive -> "red";
            case Locked -> "orange";
            case Maintenance, Unattached -> "grey";
        };
        String connection = d.nfs() != null ? d.nfs().server() + ":" + d.nfs().export()
                : d.iscsi() != null ? d.iscsi().target() + " @ " + d.iscsi().portal() + (d.iscsi().chapUser().isEmpty() ? "" : " (CHAP " + d.iscsi().chapUser() + ")")
                : d.path();
        return new StorageDomainRow(d.id(), d.name(), d.type(), d.role(), d.status(), color, d.statusReason(), connection, space(d),
                d.diskCount(), dataCenterName == null ? "" : dataCenterName, status == StorageDomainStatus.Unattached,
                StorageAction.buttonsFor(d.name(), status));
    }

    static String space(StorageDomainResponse d) {
        if (d.freeBytes() == null) {
            return "unknown";
        }
        return Bytes.human(d.freeBytes()) + " free" + (d.totalBytes() == null ? "" : " of " + Bytes.human(d.totalBytes()));
    }
}
