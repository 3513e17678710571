package dev.flotilla.manager.web;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.FieldError;
import dev.flotilla.manager.vm.VmInput;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The "New VM" form as typed. Everything stays text so a wrong entry is shown back as typed,
 * next to its reason; field names are the API's so errors map one to one.
 */
record VmForm(String name, String clusterId, String cpus, String memoryMiB, Boolean highlyAvailable,
              String description, String kernel, String initrd, String cmdline) {

    static VmForm blank(UUID defaultCluster) {
        return new VmForm("", defaultCluster == null ? "" : defaultCluster.toString(), "1", "512", false, "", "", "", "");
    }

    /** The API input, or the fields that are not numbers / ids at all (the service checks the rest). */
    VmInput toInput() {
        List<FieldError> errors = new ArrayList<>();
        Long cpuText = parse(cpus, "cpus", errors);
        // Clamped, not wrapped: 2^40 vCPUs must be refused by the rules, not become a small number.
        Integer cpuCount = cpuText == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(cpuText, Integer.MAX_VALUE));
        Long memory = parse(memoryMiB, "memoryMiB", errors);
        UUID cluster = null;
        if (clusterId != null && !clusterId.isBlank()) {
            try {
                cluster = UUID.fromString(clusterId.trim());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("clusterId", "names no cluster"));
            }
        }
        if (!errors.isEmpty()) {
            throw new BadRequestException("invalid input", errors);
        }
        return new VmInput(name, cluster, cpuCount, memory, Boolean.TRUE.equals(highlyAvailable), description,
                new VmInput.BootInput(kernel, initrd, cmdline), null);
    }

    private static Long parse(String text, String field, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "must be a whole number"));
            return null;
        }
    }

    /** The form field an API field error belongs to ("boot.kernel" is the form's "kernel"). */
    static String formField(String apiField) {
        return apiField.startsWith("boot.") ? apiField.substring("boot.".length()) : apiField;
    }
}
