package dev.flotilla.agent.driver.simulated;

import dev.flotilla.agent.driver.RunState;
import dev.flotilla.agent.driver.VmDefinition;
import dev.flotilla.agent.driver.VmStateChange;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The "machine" behind a {@link SimulatedDriver}: its VMs outlive the driver, as QEMU processes
 * outlive the agent. Guarded by its own monitor.
 */
final class SimulatedHost {

    /** Hosts by state directory, so a driver made again in the same JVM finds its VMs. */
    private static final Map<Path, SimulatedHost> BY_STATE_DIR = new ConcurrentHashMap<>();

    final Instant bootedAt = Instant.now();
    final Map<UUID, Vm> vms = new LinkedHashMap<>();
    final CopyOnWriteArrayList<Consumer<VmStateChange>> listeners = new CopyOnWriteArrayList<>();

    static SimulatedHost of(Path stateDir) {
        if (stateDir == null) {
            return new SimulatedHost();
        }
        return BY_STATE_DIR.computeIfAbsent(stateDir.toAbsolutePath().normalize(), dir -> new SimulatedHost());
    }

    void publish(VmStateChange change) {
        for (Consumer<VmStateChange> listener : listeners) {
            listener.accept(change);
        }
    }

    /** One simulated guest. Mutable, changed only under the host's monitor. */
    static final class Vm {
        final VmDefinition definition;
        final long incarnation;
        /** Each guest gets its own typical load so a fleet's figures differ. */
        final double typicalCpuPercent;
        /** Bytes per second its disk writes once booted, 16 KiB/s to 1 MiB/s; it reads about half as much. */
        final double typicalDiskBytesPerSecond;
        RunState state = RunState.RUNNING;
        String reason = "";
        Instant startedAt = Instant.now();

        Vm(VmDefinition definition, long incarnation) {
            this.definition = definition;
            this.incarnation = incarnation;
            this.typicalCpuPercent = 3 + Math.floorMod(definition.id().hashCode(), 35);
            this.typicalDiskBytesPerSecond = 1024.0 * (16 + Math.floorMod(definition.id().getLeastSignificantBits(), 1009));
        }
    }
}
