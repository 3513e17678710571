package dev.flotilla.agent.driver.simulated;

import java.time.Duration;

/**
 * Faults the simulated hypervisor injects.
 *
 * @param startErrorProbability chance (0..1) that a start fails with DRIVER_FAILURE
 * @param crashAfter            a running VM crashes this long after it started; zero = never
 * @param slowOperations        every operation takes this long before it acts (blocks the caller, as a slow QMP would)
 */
public record SimulatedFaults(double startErrorProbability, Duration crashAfter, Duration slowOperations) {

    public static final SimulatedFaults NONE = new SimulatedFaults(0, Duration.ZERO, Duration.ZERO);

    public SimulatedFaults {
        if (!(startErrorProbability >= 0 && startErrorProbability <= 1)) {
            throw new IllegalArgumentException("start error probability must be between 0 and 1, not " + startErrorProbability);
        }
        if (crashAfter == null || crashAfter.isNegative()) {
            throw new IllegalArgumentException("crash-after must be zero (never) or positive");
        }
        if (slowOperations == null || slowOperations.isNegative()) {
            throw new IllegalArgumentException("slow operations delay must be zero or positive");
        }
    }
}
