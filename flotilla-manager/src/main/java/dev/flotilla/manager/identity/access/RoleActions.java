package dev.flotilla.manager.identity.access;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.FieldError;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.events.ObjectRef;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Custom roles: create, change, delete. Predefined roles are fixed (409). */
@Component
class RoleActions {

    final Create create;
    final Update update;
    final Delete delete;

    RoleActions(RoleStore roles) {
        this.create = new Create(roles);
        this.update = new Update(roles);
        this.delete = new Delete(roles);
    }

    static Role validate(UUID id, RoleInput in, Role before, RoleStore roles) {
        List<FieldError> errors = new ArrayList<>();
        String name = in.name() == null ? (before == null ? null : before.name()) : in.name().trim();
        if (name == null || name.isEmpty() || name.length() > 128 || !name.matches("[A-Za-z0-9_.-]+")) {
            errors.add(new FieldError("name", "is required: 1 to 128 letters, digits, '.', '_' or '-'"));
        } else if (roles.findByName(name).filter(r -> !r.id().equals(id)).isPresent()) {
            throw new ConflictException("a role named %s already exists".formatted(name));
        }
        EnumSet<ActionGroup> groups = EnumSet.noneOf(ActionGroup.class);
        if (in.actionGroups() == null) {
            if (before == null) {
                errors.add(new FieldError("actionGroups", "is required: a list such as [\"login\", \"run_vm\"]"));
            } else {
                groups.addAll(before.actionGroups());
            }
        } else {
            for (String label : in.actionGroups()) {
                ActionGroup.parse(label).ifPresentOrElse(groups::add,
                        () -> errors.add(new FieldError("actionGroups", "'%s' is no action group".formatted(label))));
            }
        }
        String description = in.description() == null ? (before == null ? "" : before.description()) : in.description();
        if (description.length() > 1024) {
            errors.add(new FieldError("description", "must be at most 1024 characters"));
        }
        if (!errors.isEmpty()) {
            throw BadRequestException.of(errors);
        }
        boolean admin = in.admin() == null ? before != null && before.admin() : in.admin();
        return new Role(id, name, description, admin, false, groups);
    }

    static ObjectRef ref(Role r) {
        return ObjectRef.system();
    }

    record Create(RoleStore roles) implements Action<RoleInput, Role> {
        public ObjectRef target(RoleInput in) {
            return ObjectRef.system();
        }

        public Role execute(RoleInput in) {
            Role role = validate(UUID.randomUUID(), in, null, roles);
            roles.insert(role);
            return roles.find(role.id()).orElseThrow();
        }

        public Audit audit(RoleInput in, Role out) {
            return new Audit(ref(out), "Role %s was created with %s".formatted(out.name(), RoleResponse.of(out).actionGroups()));
        }
    }

    record UpdateInput(UUID id, RoleInput change) {
    }

    record Update(RoleStore roles) implements Action<UpdateInput, Role> {
        public ObjectRef target(UpdateInput in) {
            return ObjectRef.system();
        }

        public Role execute(UpdateInput in) {
            Role before = roles.find(in.id()).orElseThrow(() -> new NotFoundException("role", in.id()));
            if (before.predefined()) {
                throw new ConflictException("%s is a predefined role and cannot be changed; make a custom role".formatted(before.name()));
            }
            Role role = validate(in.id(), in.change(), before, roles);
            roles.update(role);
            return roles.find(role.id()).orElseThrow();
        }

        public Audit audit(UpdateInput in, Role out) {
            return new Audit(ref(out), "Role %s was changed: %s".formatted(out.name(), RoleResponse.of(out).actionGroups()));
        }
    }

    record Delete(RoleStore roles) implements Action<UUID, Role> {
        public ObjectRef target(UUID id) {
            return ObjectRef.system();
        }

        public Role execute(UUID id) {
            Role role = roles.find(id).orElseThrow(() -> new NotFoundException("role", id));
            if (role.predefined()) {
                throw new ConflictException("%s is a predefined role and cannot be deleted".formatted(role.name()));
            }
            if (roles.inUse(id)) {
                throw new ConflictException("role %s is still granted; revoke its permissions first".formatted(role.name()));
            }
            roles.delete(id);
            return role;
        }

        public Audit audit(UUID id, Role out) {
            return new Audit(ref(out), "Role %s was deleted".formatted(out.name()));
        }
    }
}
