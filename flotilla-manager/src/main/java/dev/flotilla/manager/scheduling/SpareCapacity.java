package dev.flotilla.manager.scheduling;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Hosts that are off on purpose and can be switched on when no host fits a VM (power saving).
 * The VM start asks it when the placement comes back empty, so the no-fit answer can say a host
 * is on its way and a retry (an HA restart's back-off) finds it.
 */
public interface SpareCapacity {

    /**
     * Asks for one host of the cluster to be powered on, one of {@code preferredHosts} if it can be
     * (a pinned VM); what to tell the user, empty when no host can be powered on.
     */
    Optional<String> requestHost(UUID clusterId, Set<UUID> preferredHosts);
}
