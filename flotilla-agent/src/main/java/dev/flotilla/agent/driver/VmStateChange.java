package dev.flotilla.agent.driver;

import java.time.Instant;
import java.util.UUID;

/** A state change the driver observed (a QMP event, a process exit, a simulated fault). */
public record VmStateChange(UUID id, RunState state, String reason, Instant at) {
}
