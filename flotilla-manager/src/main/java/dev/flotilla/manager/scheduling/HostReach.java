package dev.flotilla.manager.scheduling;

import java.util.Set;
import java.util.UUID;

/**
 * The only hosts that can reach what a VM needs (its disks), and why: a disk on a local storage
 * domain is reachable from that domain's one host alone. Unlike a pin, this is not a wish: a
 * host outside the set could not open the VM's disks, so {@link StorageReachFilter} always runs.
 *
 * @param hostIds the hosts that reach everything the VM needs (may be empty: none does)
 * @param why     one sentence for a rejection, e.g. "disk data1 is on local storage domain l1 of host h1"
 */
public record HostReach(Set<UUID> hostIds, String why) {

    public HostReach {
        hostIds = Set.copyOf(hostIds);
    }

    public boolean reaches(UUID hostId) {
        return hostIds.contains(hostId);
    }

    /** Both limits at once: the hosts in both, with both reasons. */
    public HostReach and(HostReach other) {
        Set<UUID> both = new java.util.HashSet<>(hostIds);
        both.retainAll(other.hostIds);
        return new HostReach(both, why + "; " + other.why);
    }
}
