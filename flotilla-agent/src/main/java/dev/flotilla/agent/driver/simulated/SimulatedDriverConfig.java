package dev.flotilla.agent.driver.simulated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of one simulated hypervisor.
 *
 * @param cpus           logical CPUs the host pretends to have
 * @param memoryMiB      memory the host pretends to have; starts beyond it are refused
 * @param portRangeStart first port of the host's range (reported to the manager, for migrations)
 * @param portRangeEnd   last port of the range
 * @param faults         injected faults
 * @param shutdownDelay  how long a guest takes to power off after the ACPI button
 * @param stateDir       identifies the host: a driver made again with the same directory in the same JVM
 *                       re-attaches to its VMs (like QEMU processes surviving an agent restart); null = a fresh host
 */
public record SimulatedDriverConfig(int cpus, long memoryMiB, int portRangeStart, int portRangeEnd,
                                    SimulatedFaults faults, Duration shutdownDelay, Path stateDir) {

    public SimulatedDriverConfig {
        if (cpus < 1) {
            throw new IllegalArgumentException("simulated CPUs must be at least 1, not " + cpus);
        }
        if (memoryMiB < 1) {
            throw new IllegalArgumentException("simulated memory must be at least 1 MiB, not " + memoryMiB);
        }
        if (portRangeStart < 1 || portRangeEnd > 65535 || portRangeStart > portRangeEnd) {
            throw new IllegalArgumentException("bad port range " + portRangeStart + "-" + portRangeEnd);
        }
    }

    /** 8 CPUs, 16 GiB, no faults, ports 5900-5999, a one-second guest shutdown. */
    public static SimulatedDriverConfig defaults(Path stateDir) {
        return new SimulatedDriverConfig(8, 16384, 5900, 5999, SimulatedFaults.NONE, Duration.ofSeconds(1), stateDir);
    }

    public SimulatedDriverConfig withFaults(SimulatedFaults faults) {
        return new SimulatedDriverConfig(cpus, memoryMiB, portRangeStart, portRangeEnd, faults, shutdownDelay, stateDir);
    }
}
