package dev.flotilla.agent.driver.qemu;

import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.VmDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What can be refused before QEMU is started, with a message naming the culprit: QEMU's own
 * messages for these cases are vaguer, and an oversized VM would only fail once the host swaps.
 */
final class DefinitionCheck {

    private DefinitionCheck() {}

    static void check(VmDefinition vm, long hostMemoryMiB) throws DriverException {
        if (vm.id() == null) {
            throw invalid("the VM has no id");
        }
        if (vm.name() == null || vm.name().isBlank()) {
            throw invalid("VM " + vm.id() + " has no name");
        }
        if (vm.cpus() < 1) {
            throw invalid("VM " + vm.name() + " needs at least 1 CPU, not " + vm.cpus());
        }
        if (vm.memoryMiB() < 16) {
            throw invalid("VM " + vm.name() + " needs at least 16 MiB of memory, not " + vm.memoryMiB());
        }
        if (hostMemoryMiB > 0 && vm.memoryMiB() > hostMemoryMiB) {
            throw invalid("VM %s asks for %d MiB of memory but the host has %d MiB in total"
                    .formatted(vm.name(), vm.memoryMiB(), hostMemoryMiB));
        }
        VmDefinition.Boot boot = vm.boot();
        if (boot != null && boot.hasKernel()) {
            requireFile("kernel", boot.kernel());
            if (boot.initrd() != null && !boot.initrd().isBlank()) {
                requireFile("initrd", boot.initrd());
            }
        }
    }

    /** MemTotal of /proc/meminfo in MiB; 0 when it cannot be read (the check is then skipped). */
    static long hostMemoryMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through: no figure to compare with
        }
        return 0;
    }

    private static void requireFile(String role, String path) throws DriverException {
        Path p = Path.of(path);
        if (!Files.isRegularFile(p)) {
            throw invalid("the " + role + " file " + path + " does not exist");
        }
        if (!Files.isReadable(p)) {
            throw invalid("the " + role + " file " + path + " is not readable");
        }
    }

    private static DriverException invalid(String message) {
        return new DriverException(DriverException.Code.INVALID_SPEC, message);
    }
}
