package dev.flotilla.manager.vm;

import java.util.UUID;

/**
 * Body of create ({@code POST /vms}) and of update ({@code PATCH /vms/{id}}). On update absent
 * fields keep their value and {@code version} (the version the caller read) is required.
 */
public record VmInput(String name, UUID clusterId, Integer cpus, Long memoryMiB, Boolean highlyAvailable,
                      String description, BootInput boot, Long version) {

    public record BootInput(String kernel, String initrd, String cmdline) {
    }
}
