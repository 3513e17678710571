package dev.flotilla.manager.web;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.FieldError;
import dev.flotilla.manager.storage.Bytes;
import dev.flotilla.manager.storage.DiskInput;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** The "New disk" form as typed; the size is in GiB (decimals allowed), the API's in bytes. */
record DiskForm(String name, String storageDomainId, String sizeGiB, String format, String description) {

    static DiskForm blank(UUID domain) {
        return new DiskForm("", domain == null ? "" : domain.toString(), "1", "qcow2", "");
    }

    DiskInput toInput() {
        Long bytes = null;
        if (sizeGiB != null && !sizeGiB.isBlank()) {
            try {
                bytes = new BigDecimal(sizeGiB.trim()).multiply(BigDecimal.valueOf(Bytes.GIB)).longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                throw new BadRequestException("sizeGiB: must be a number of GiB", List.of(new FieldError("sizeGiB", "must be a number of GiB, e.g. 10 or 0.5")));
            }
        }
        UUID domain = null;
        if (storageDomainId != null && !storageDomainId.isBlank()) {
            try {
                domain = UUID.fromString(storageDomainId.trim());
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("storageDomainId: is not an id", List.of(new FieldError("storageDomainId", "is not an id")));
            }
        }
        return new DiskInput(name, description, domain, bytes, format, null);
    }

    static String formField(String apiField) {
        return apiField.equals("sizeBytes") ? "sizeGiB" : apiField;
    }
}
