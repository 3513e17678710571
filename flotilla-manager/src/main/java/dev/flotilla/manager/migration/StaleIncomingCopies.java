package dev.flotilla.manager.migration;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.vm.StaleIncomingCopy;
import dev.flotilla.manager.vm.VmCommands;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Stops an incoming copy a migration left behind on a host that is no longer its target: after a
 * manager restart settled a migration as "stayed on its source", the target may still start (or
 * keep) the QEMU the dead manager had prepared, waiting for a stream that never comes. It holds
 * the VM's memory and its port, and has never run the guest, so stopping it loses nothing.
 * A copy that the stop did not end shows again in the next report and is tried again.
 */
@Component
class StaleIncomingCopies {

    private final VmCommands commands;
    private final EventLog events;
    /** Copies with a stop on its way, so one copy gets one stop at a time, not one per heartbeat. */
    private final Set<String> stopping = ConcurrentHashMap.newKeySet();
    /** Copies whose stop failed once: they are tried again on each report, but warned of once. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    StaleIncomingCopies(VmCommands commands, EventLog events) {
        this.commands = commands;
        this.events = events;
    }

    @EventListener
    void stop(StaleIncomingCopy copy) {
        String key = copy.vmId() + "@" + copy.hostId();
        if (!stopping.add(key)) {
            return;
        }
        commands.send(copy.hostId(), copy.vmId(), VmCommands.Kind.STOP).whenComplete((outcome, error) -> {
            stopping.remove(key);
            boolean stopped = error == null && (outcome.ok() || "NO_SUCH_VM".equals(outcome.errorCode()));
            String what = "the copy of VM %s waiting for a migration on host %s (the VM runs on another host)"
                    .formatted(copy.vmName(), copy.hostName());
            if (stopped) {
                warned.remove(key);
                events.info(ObjectRef.vm(copy.vmId(), copy.vmName()), "Stopped " + what);
            } else if (warned.add(key)) {
                events.warning(ObjectRef.vm(copy.vmId(), copy.vmName()), "Could not stop " + what + ": "
                        + (error != null ? error.getMessage() : outcome.message()));
            }
        });
    }
}
