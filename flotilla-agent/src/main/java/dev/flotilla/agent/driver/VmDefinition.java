package dev.flotilla.agent.driver;

import java.util.UUID;

/** What to run: the driver's view of a VM spec. */
public record VmDefinition(UUID id, String name, int cpus, long memoryMiB, Boot boot) {

    /** Direct kernel boot; initrd and cmdline may be empty. Paths are on the host. */
    public record Boot(String kernel, String initrd, String cmdline) {
        public static final Boot NONE = new Boot("", "", "");
        public boolean hasKernel() { return kernel != null && !kernel.isBlank(); }
    }
}
