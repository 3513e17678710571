package dev.flotilla.manager.affinity;

import java.util.List;
import java.util.UUID;

/**
 * Body of create and update of an affinity group; on update absent fields keep their value
 * ({@code vmIds} and {@code hostIds}, when present, replace the members) and {@code version} is
 * required.
 */
public record AffinityGroupInput(String name, String description, Boolean positive, Boolean enforcing,
                                 List<UUID> vmIds, List<UUID> hostIds, Long version) {
}
