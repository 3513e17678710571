package dev.flotilla.manager.vm;

import dev.flotilla.manager.scheduling.HostReach;
import java.util.Optional;

/**
 * Which hosts can reach what a VM needs, told by the feature that knows (storage: a disk on a
 * local domain). Implemented there, like {@link StartRequirement}, so this package depends on none
 * of those features; {@link VmDemands} asks every implementation.
 */
public interface VmReach {

    /** The only hosts that reach what the VM needs, or empty when any host of its cluster does. */
    Optional<HostReach> reach(Vm vm);
}
