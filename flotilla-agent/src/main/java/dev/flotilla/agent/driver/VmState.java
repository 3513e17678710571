package dev.flotilla.agent.driver;

import java.util.List;
import java.util.UUID;

/**
 * A VM as the driver sees it now. {@code reason} says why it is in this state when that
 * matters (why it stopped, why it paused). {@code pid} is 0 for the simulated driver.
 * {@code disks} and {@code nics} are null when the driver could not measure them (yet).
 * {@code volumes} says where each disk's volumes are now (empty for a driver without disks).
 */
public record VmState(UUID id, String name, RunState state, String reason, long pid,
                      double cpuPercent, long memoryRssMiB, long uptimeSeconds, Disks disks, Nics nics, List<DiskInUse> volumes) {

    public VmState {
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
    }

    /** A VM whose disks' places are not told. */
    public VmState(UUID id, String name, RunState state, String reason, long pid,
                   double cpuPercent, long memoryRssMiB, long uptimeSeconds, Disks disks, Nics nics) {
        this(id, name, state, reason, pid, cpuPercent, memoryRssMiB, uptimeSeconds, disks, nics, List.of());
    }

    /**
     * One disk as the VM runs it: its active volume, and the locations of its layers (the active one
     * first, then its backing chain), which say the storage domains it depends on.
     */
    public record DiskInUse(String diskId, String volumeId, List<String> locations) {
        public DiskInUse {
            locations = List.copyOf(locations);
        }

        /** The disks of a definition, CD-ROM included (an ISO on a hung domain hangs its reads too). */
        public static List<DiskInUse> of(VmDefinition definition) {
            return definition.disks().stream().map(d -> {
                List<String> layers = new java.util.ArrayList<>();
                layers.add(d.location());
                d.backing().forEach(b -> layers.add(b.location()));
                return new DiskInUse(d.id(), d.volumeId(), layers);
            }).toList();
        }
    }

    /** The VM's disks and their traffic since the driver last measured it; a count of 0 means the VM has none. */
    public record Disks(int count, double readBytesPerSecond, double writeBytesPerSecond) {
        public static final Disks NONE = new Disks(0, 0, 0);
    }

    /** The VM's network interfaces and their traffic; a count of 0 means the VM has none. */
    public record Nics(int count, double receiveBytesPerSecond, double transmitBytesPerSecond) {
        public static final Nics NONE = new Nics(0, 0, 0);
    }
}
