package dev.flotilla.manager.scheduling;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * oVirt's affinity group: its VMs run together ({@code positive}) or apart, and on its hosts
 * (positive) or off them. {@code enforcing} makes both rules hard (filters VmAffinity and
 * VmToHostAffinity); otherwise they are preferences (scorers VmAffinity and PreferredHosts).
 */
public record AffinityGroup(UUID id, UUID clusterId, String name, String description, boolean positive,
                            boolean enforcing, Set<UUID> vmIds, Set<UUID> hostIds, long version, Instant createdAt) {

    public AffinityGroup {
        vmIds = vmIds == null ? Set.of() : Set.copyOf(vmIds);
        hostIds = hostIds == null ? Set.of() : Set.copyOf(hostIds);
    }

    public boolean holds(UUID vmId) {
        return vmIds.contains(vmId);
    }

    public String describe() {
        return "%s affinity group %s".formatted((enforcing ? "enforcing " : "") + (positive ? "positive" : "negative"), name);
    }
}
