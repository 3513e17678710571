package dev.flotilla.agent.driver;

import java.util.UUID;

/**
 * A VM as the driver sees it now. {@code reason} says why it is in this state when that
 * matters (why it stopped, why it paused). {@code pid} is 0 for the simulated driver.
 * {@code disks} and {@code nics} are null when the driver could not measure them (yet).
 */
public record VmState(UUID id, String name, RunState state, String reason, long pid,
                      double cpuPercent, long memoryRssMiB, long uptimeSeconds, Disks disks, Nics nics) {

    /** The VM's disks and their traffic since the driver last measured it; a count of 0 means the VM has none. */
    public record Disks(int count, double readBytesPerSecond, double writeBytesPerSecond) {
        public static final Disks NONE = new Disks(0, 0, 0);
    }

    /** The VM's network interfaces and their traffic; a count of 0 means the VM has none. */
    public record Nics(int count, double receiveBytesPerSecond, double transmitBytesPerSecond) {
        public static final Nics NONE = new Nics(0, 0, 0);
    }
}
