package dev.flotilla.manager.identity.access;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.api.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * One object's permissions, for its API resource and its console page alike: those given on it and,
 * when asked, those it inherits from above (its cluster, data center, System), each marked with
 * where it comes from; grant and revoke through the same audited actions as {@code /permissions}.
 */
@Component
public class ObjectPermissions {

    /** A permission as one object's list shows it; {@code inheritedFrom} names the object above it that holds it ("" when on this one). */
    public record Shown(UUID id, String principalType, UUID principalId, String principalName, UUID roleId, String roleName,
                        String objectType, UUID objectId, String objectName, boolean inherited, String inheritedFrom) {
    }

    private final PermissionStore store;
    private final ObjectTree tree;
    private final RoleStore roles;
    private final Principals principals;
    private final ObjectNames names;
    private final PermissionActions actions;
    private final ActionRunner runner;

    ObjectPermissions(PermissionStore store, ObjectTree tree, RoleStore roles, Principals principals, ObjectNames names,
                      PermissionActions actions, ActionRunner runner) {
        this.store = store;
        this.tree = tree;
        this.roles = roles;
        this.principals = principals;
        this.names = names;
        this.actions = actions;
        this.runner = runner;
    }

    public List<Shown> on(SecuredObject object, boolean withInherited) {
        List<Shown> shown = new ArrayList<>();
        for (SecuredObject holder : withInherited ? tree.lineage(object) : List.of(object)) {
            boolean inherited = !holder.equals(object);
            String from = !inherited ? "" : holder.type() == SecuredType.SYSTEM ? "System"
                    : holder.type().label() + " " + names.nameOf(holder).orElse(String.valueOf(holder.id()));
            store.list(Optional.of(holder)).forEach(g -> shown.add(shown(g, inherited, from)));
        }
        return shown;
    }

    PermissionResponse response(Grant g) {
        return new PermissionResponse(g.id(), g.principalType().label(), g.principalId(),
                principals.byId(g.principalType(), g.principalId()).map(Principals.Principal::name).orElse(""),
                g.roleId(), roles.find(g.roleId()).map(Role::name).orElse(""), g.object().type().label(), g.object().id(),
                names.nameOf(g.object()).orElse(""));
    }

    private Shown shown(Grant g, boolean inherited, String from) {
        PermissionResponse r = response(g);
        return new Shown(r.id(), r.principalType(), r.principalId(), r.principalName(), r.roleId(), r.roleName(), r.objectType(),
                r.objectId(), r.objectName(), inherited, from);
    }

    /** Exactly one of user or group; the role by name or id. */
    public Grant grant(SecuredObject object, String user, String group, String role) {
        return runner.run(actions.grant, new PermissionInput(user, group, role, object.type().label(), object.id()));
    }

    /** Revokes a permission given on this object; one on another object is not found here (its page is where it goes). */
    public Grant revoke(SecuredObject object, UUID permissionId) {
        store.find(permissionId).filter(g -> g.object().equals(object))
                .orElseThrow(() -> new NotFoundException("permission on this " + object.type().label(), permissionId));
        return runner.run(actions.revoke, permissionId);
    }
}
