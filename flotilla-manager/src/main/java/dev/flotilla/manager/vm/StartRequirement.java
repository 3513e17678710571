package dev.flotilla.manager.vm;

import java.util.Optional;

/**
 * Something another feature needs before a VM may start (its disks are usable, their storage is
 * Active). Implemented there, so this package depends on none of those features; checked by the
 * start action before a host is chosen.
 */
public interface StartRequirement {

    /** Why the VM cannot start now, or empty when it may. */
    Optional<String> refusal(Vm vm);
}
