package dev.flotilla.manager.identity.access;

import java.util.Set;
import java.util.UUID;

/** A named set of action groups. An admin role opens the admin console; a user role only the VM portal. */
public record Role(UUID id, String name, String description, boolean admin, boolean predefined, Set<ActionGroup> actionGroups) {
}
