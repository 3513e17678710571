package dev.flotilla.manager.identity.access;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * What one caller may do, for the length of one request: its permissions and the roles are read
 * once, each object's place in the tree once.
 */
public final class Access {

    private final Caller caller;
    private final List<Grant> grants;
    private final Map<UUID, Role> roles;
    private final Function<SecuredObject, List<SecuredObject>> lineage;
    private final Map<SecuredObject, Set<ActionGroup>> known = new HashMap<>();

    public Access(Caller caller, List<Grant> grants, Map<UUID, Role> roles, Function<SecuredObject, List<SecuredObject>> lineage) {
        this.caller = caller;
        this.grants = grants;
        this.roles = roles;
        this.lineage = lineage;
    }

    public Caller caller() {
        return caller;
    }

    /** The action groups the caller holds on this object (through it or anything above it). */
    public Set<ActionGroup> on(SecuredObject object) {
        return known.computeIfAbsent(object, o -> PermissionResolver.effective(caller, o.type() == SecuredType.SYSTEM
                ? List.of(SecuredObject.SYSTEM) : lineage.apply(o), grants, roles));
    }

    public boolean may(ActionGroup group, SecuredObject object) {
        // System is above everything: a group held there needs no walk up from the object (saves queries per request)
        return on(SecuredObject.SYSTEM).contains(group) || on(object).contains(group);
    }

    public boolean sees(SecuredObject object) {
        return may(ActionGroup.VIEW, object);
    }

    /** Whether any of the caller's roles, on any object, holds the group (e.g. LOGIN). */
    public boolean holdsAnywhere(ActionGroup group) {
        return grants.stream().filter(caller::holds).map(g -> roles.get(g.roleId()))
                .anyMatch(r -> r != null && (r.actionGroups().contains(group) || group == ActionGroup.VIEW));
    }

    /** Every action group on System: lists need no filtering. */
    public boolean seesEverything() {
        return on(SecuredObject.SYSTEM).containsAll(EnumSet.of(ActionGroup.VIEW));
    }

    /** Whether any role the caller holds is an admin role (the admin console is for them; the others get the portal). */
    public boolean isAdmin() {
        return grants.stream().filter(caller::holds).map(g -> roles.get(g.roleId())).anyMatch(r -> r != null && r.admin());
    }
}
