package dev.flotilla.manager.web;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.FieldError;
import dev.flotilla.manager.storage.StorageDomainInput;
import java.util.List;
import java.util.UUID;

/**
 * The "New storage domain" form as typed: one flat set of fields, of which the chosen type's are
 * used. The CHAP secret is never sent back to the page. {@code importDisks} is the "Import existing
 * domain" checkbox ("true" when ticked, absent otherwise).
 */
record StorageDomainForm(String name, String type, String role, String dataCenterId, String hostId, String nfsServer,
                         String nfsExport, String iscsiPortal, String iscsiTarget, String chapUser, String chapSecret,
                         String path, String description, String importDisks) {

    static StorageDomainForm blank(UUID dataCenter) {
        return new StorageDomainForm("", "nfs", "data", dataCenter == null ? "" : dataCenter.toString(), "", "", "", "", "", "", "", "", "", null);
    }

    /** The form to show again after a refusal: as typed, without the secret. */
    StorageDomainForm withoutSecret() {
        return new StorageDomainForm(name, type, role, dataCenterId, hostId, nfsServer, nfsExport, iscsiPortal, iscsiTarget, chapUser, "",
                path, description, importDisks);
    }

    StorageDomainInput toInput() {
        UUID dc = uuid(dataCenterId, "dataCenterId");
        UUID host = uuid(hostId, "hostId");
        String t = type == null ? "" : type.trim();
        return new StorageDomainInput(name, description, t, role, dc, host,
                t.equals("nfs") ? new StorageDomainInput.NfsInput(nfsServer, nfsExport) : null,
                t.equals("iscsi") ? new StorageDomainInput.IscsiInput(iscsiPortal, iscsiTarget, chapUser, chapSecret) : null,
                t.equals("posix") || t.equals("local") ? path : null, "true".equals(importDisks) ? Boolean.TRUE : null);
    }

    /** The form field an API field error belongs to. */
    static String formField(String apiField) {
        return switch (apiField) {
            case "nfs", "nfs.server" -> "nfsServer";
            case "nfs.export" -> "nfsExport";
            case "iscsi", "iscsi.portal" -> "iscsiPortal";
            case "iscsi.target" -> "iscsiTarget";
            case "iscsi.chapUser" -> "chapUser";
            case "iscsi.chapSecret" -> "chapSecret";
            default -> apiField;
        };
    }

    private static UUID uuid(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(text.trim());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(field + ": is not an id", List.of(new FieldError(field, "is not an id")));
        }
    }
}
