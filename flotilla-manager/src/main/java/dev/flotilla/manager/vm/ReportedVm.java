package dev.flotilla.manager.vm;

import java.util.UUID;

/** What a host says about one VM (translated from the protocol by the agent link). */
public record ReportedVm(UUID id, State state, String reason, Stats stats) {

    public enum State { STARTING, RUNNING, PAUSED, SHUTTING_DOWN, STOPPED, CRASHED;

        public boolean isAlive() {
            return this != STOPPED && this != CRASHED;
        }
    }

    /**
     * A running VM's figures. {@code disks} and {@code nics} count its devices: 0 means it has none,
     * null that its host did not measure them (yet). The rates (bytes per second) are null unless
     * there are devices to measure, so "no disk" never reads as a flat zero.
     */
    public record Stats(double cpuPercent, long memoryRssMiB, long uptimeSeconds,
                        Integer disks, Double diskReadBytesPerSecond, Double diskWriteBytesPerSecond,
                        Integer nics, Double networkReceiveBytesPerSecond, Double networkTransmitBytesPerSecond) {

        public Stats {
            if (disks == null || disks == 0) {
                diskReadBytesPerSecond = null;
                diskWriteBytesPerSecond = null;
            }
            if (nics == null || nics == 0) {
                networkReceiveBytesPerSecond = null;
                networkTransmitBytesPerSecond = null;
            }
        }

        public boolean hasDisks() {
            return disks != null && disks > 0;
        }

        public boolean hasNics() {
            return nics != null && nics > 0;
        }
    }
}
