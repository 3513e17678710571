package dev.flotilla.agent.driver;

import java.util.UUID;

/**
 * A VM as the driver sees it now. {@code reason} says why it is in this state when that
 * matters (why it stopped, why it paused). {@code pid} is 0 for the simulated driver.
 */
public record VmState(UUID id, String name, RunState state, String reason, long pid,
                      double cpuPercent, long memoryRssMiB, long uptimeSeconds) {
}
