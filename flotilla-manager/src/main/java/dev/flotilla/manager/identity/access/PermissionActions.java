package dev.flotilla.manager.identity.access;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.FieldError;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Grant and revoke: each writes an event on the object saying who gave or took which role from whom. */
@Component
class PermissionActions {

    static final String ADMIN = "admin@internal";

    final GrantRole grant;
    final RevokeRole revoke;

    PermissionActions(PermissionStore store, RoleStore roles, Principals principals, ObjectNames names,
                      dev.flotilla.manager.identity.directory.DirectoryGroups directoryGroups) {
        this.grant = new GrantRole(store, roles, principals, names, directoryGroups);
        this.revoke = new RevokeRole(store, roles, principals, names);
    }

    static String describe(Grant g, RoleStore roles, Principals principals, ObjectNames names) {
        String role = roles.find(g.roleId()).map(Role::name).orElse(String.valueOf(g.roleId()));
        String who = principals.byId(g.principalType(), g.principalId()).map(Principals.Principal::name)
                .orElse(String.valueOf(g.principalId()));
        String on = g.object().type() == SecuredType.SYSTEM ? "System"
                : g.object().type().label() + " " + names.nameOf(g.object()).orElse(String.valueOf(g.object().id()));
        return "role %s for %s %s on %s".formatted(role, g.principalType().label(), who, on);
    }

    record GrantRole(PermissionStore store, RoleStore roles, Principals principals, ObjectNames names,
                     dev.flotilla.manager.identity.directory.DirectoryGroups directoryGroups) implements Action<PermissionInput, Grant> {

        public ObjectRef target(PermissionInput in) {
            return ObjectRef.system();
        }

        public Grant execute(PermissionInput in) {
            List<FieldError> errors = new ArrayList<>();
            Optional<Principals.Principal> who = Optional.empty();
            if ((in.user() == null) == (in.group() == null)) {
                errors.add(new FieldError("user", "name exactly one of user or group"));
            } else {
                who = in.user() != null ? principals.user(in.user()) : principals.group(in.group())
                        .or(() -> directoryGroup(in.group()).flatMap(principals::group));
                if (who.isEmpty()) {
                    errors.add(new FieldError(in.user() != null ? "user" : "group", "no such " + (in.user() != null ? "user" : "group")));
                }
            }
            Optional<Role> role = in.role() == null ? Optional.empty()
                    : Target.uuid(in.role()).flatMap(roles::find).or(() -> roles.findByName(in.role()));
            if (role.isEmpty()) {
                errors.add(new FieldError("role", in.role() == null ? "is required" : "no such role"));
            }
            Optional<SecuredType> type = SecuredType.parse(in.objectType());
            if (type.isEmpty()) {
                errors.add(new FieldError("objectType", "must be one of system, datacenter, cluster, host, storage_domain, template, vm, disk"));
            } else if (type.get() != SecuredType.SYSTEM && (in.objectId() == null
                    || names.nameOf(SecuredObject.of(type.get(), in.objectId())).isEmpty())) {
                errors.add(new FieldError("objectId", in.objectId() == null ? "is required" : "no such " + type.get().label()));
            }
            if (!errors.isEmpty()) {
                throw BadRequestException.of(errors);
            }
            Grant g = new Grant(UUID.randomUUID(), who.get().type(), who.get().id(), role.get().id(),
                    SecuredObject.of(type.get(), in.objectId()));
            if (store.exists(g)) {
                throw new ConflictException("%s already holds %s there".formatted(who.get().name(), role.get().name()));
            }
            store.insert(g, EventLog.currentUser());
            return g;
        }

        /** A directory group nobody of which has signed in yet: looked up in its directory; one that cannot answer is a 400 that says so. */
        private Optional<String> directoryGroup(String name) {
            try {
                return directoryGroups.record(name);
            } catch (dev.flotilla.manager.identity.directory.DirectoryException e) {
                throw BadRequestException.field("group", "could not be looked up: " + e.getMessage());
            }
        }

        public Audit audit(PermissionInput in, Grant out) {
            return new Audit(names.ref(out.object()), "%s granted %s".formatted(EventLog.currentUser(),
                    describe(out, roles, principals, names)));
        }
    }

    record RevokeRole(PermissionStore store, RoleStore roles, Principals principals, ObjectNames names)
            implements Action<UUID, Grant> {

        public ObjectRef target(UUID id) {
            return ObjectRef.system();
        }

        public Grant execute(UUID id) {
            Grant g = store.find(id).orElseThrow(() -> new NotFoundException("permission", id));
            boolean adminSuperUser = g.object().type() == SecuredType.SYSTEM && g.roleId().equals(PredefinedRoles.SUPER_USER.id())
                    && principals.byId(g.principalType(), g.principalId()).map(p -> p.name().equals(ADMIN)).orElse(false);
            if (adminSuperUser) {
                throw new ConflictException(ADMIN + " keeps SuperUser on System: the manager must always have an administrator");
            }
            store.delete(id);
            return g;
        }

        public Audit audit(UUID id, Grant out) {
            return new Audit(names.ref(out.object()), "%s revoked %s".formatted(EventLog.currentUser(),
                    describe(out, roles, principals, names)));
        }
    }
}
