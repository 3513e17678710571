package dev.flotilla.manager.vm;

import dev.flotilla.manager.events.Severity;
import java.util.UUID;

/**
 * One decision of the reconciler: move VM {@code vmId} from {@code from} to {@code to}; {@code hostId}
 * is where it runs afterwards (null when Down). Applied only if the VM is still in {@code from}.
 */
public record VmChange(UUID vmId, String vmName, VmStatus from, VmStatus to, UUID hostId, String reason, Severity severity) {
}
