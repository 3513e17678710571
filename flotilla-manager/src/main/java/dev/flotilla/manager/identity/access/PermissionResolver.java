package dev.flotilla.manager.identity.access;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The rule of inheritance as a pure function: what a caller may do on an object is the union of
 * the roles it holds (itself or through a group) on the object or on any object above it. Any role
 * that reaches the object also lets the caller see it.
 */
public final class PermissionResolver {

    private PermissionResolver() {
    }

    /**
     * @param lineage the object first, then each object above it, ending with System
     * @param grants the caller's own permissions and those of its groups (others are ignored)
     */
    public static Set<ActionGroup> effective(Caller caller, List<SecuredObject> lineage, Collection<Grant> grants,
                                             Map<UUID, Role> roles) {
        EnumSet<ActionGroup> result = EnumSet.noneOf(ActionGroup.class);
        for (Grant grant : grants) {
            Role role = roles.get(grant.roleId());
            if (role != null && caller.holds(grant) && lineage.contains(grant.object())) {
                result.addAll(role.actionGroups());
                result.add(ActionGroup.VIEW);
            }
        }
        return result;
    }
}
