package dev.flotilla.manager.identity.access;

import java.util.List;
import java.util.UUID;

/** A role as the API shows it; action groups by their labels, in a stable order. */
public record RoleResponse(UUID id, String name, String description, boolean admin, boolean predefined, List<String> actionGroups) {

    static RoleResponse of(Role r) {
        return new RoleResponse(r.id(), r.name(), r.description(), r.admin(), r.predefined(),
                r.actionGroups().stream().sorted().map(ActionGroup::label).toList());
    }
}
