package dev.flotilla.manager.vm;

import dev.flotilla.manager.scheduling.HostReach;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Which hosts can reach what a VM needs, told by the feature that knows (storage: a disk on a
 * local domain). Implemented there, like {@link StartRequirement}, so this package depends on none
 * of those features; {@link VmDemands} asks every implementation.
 */
public interface VmReach {

    /** The only hosts that reach what the VM needs, or empty when any host of its cluster does. */
    Optional<HostReach> reach(Vm vm);

    /**
     * The same for many VMs at once: only those with a limit are in the answer. Implementations
     * that ask the database should answer with one query (the balancing loop asks for a whole
     * cluster every round).
     */
    default Map<UUID, HostReach> reach(Collection<Vm> vms) {
        Map<UUID, HostReach> all = new HashMap<>();
        vms.forEach(vm -> reach(vm).ifPresent(r -> all.put(vm.id(), r)));
        return all;
    }
}
