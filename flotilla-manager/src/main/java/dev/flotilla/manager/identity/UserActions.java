package dev.flotilla.manager.identity;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.FieldError;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.events.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** Internal users: create, change (password, names, disable, unlock), delete. Each is an event on System. */
@Component
class UserActions {

    static final String INTERNAL = "internal";

    final Create create;
    final Update update;
    final Delete delete;

    UserActions(UserStore store, PasswordEncoder encoder) {
        this.create = new Create(store, encoder);
        this.update = new Update(store, encoder);
        this.delete = new Delete(store);
    }

    /** "ann" and "ann@internal" both name the internal user ann. */
    static String internalName(String field, String name, List<FieldError> errors) {
        String n = name == null ? "" : name.trim();
        if (n.endsWith("@" + INTERNAL)) {
            n = n.substring(0, n.length() - INTERNAL.length() - 1);
        }
        if (!n.matches("[A-Za-z0-9._-]{1,64}")) {
            errors.add(new FieldError(field, name != null && name.contains("@")
                    ? "only internal names (name@internal) are made here; directory users appear when they log in"
                    : "is required: 1 to 64 letters, digits, '.', '_' or '-'"));
        }
        return n + "@" + INTERNAL;
    }

    static void checkText(String field, String value, int max, List<FieldError> errors) {
        if (value != null && value.length() > max) {
            errors.add(new FieldError(field, "must be at most %d characters".formatted(max)));
        }
    }

    record Create(UserStore store, PasswordEncoder encoder) implements Action<UserInput, UserResponse> {
        public ObjectRef target(UserInput in) {
            return ObjectRef.system();
        }

        public UserResponse execute(UserInput in) {
            List<FieldError> errors = new ArrayList<>();
            String username = internalName("username", in.username(), errors);
            PasswordPolicy.check(username, in.password()).ifPresent(r -> errors.add(new FieldError("password", r)));
            checkText("displayName", in.displayName(), 255, errors);
            checkText("email", in.email(), 255, errors);
            if (!errors.isEmpty()) {
                throw BadRequestException.of(errors);
            }
            if (store.userNamed(username).isPresent()) {
                throw new ConflictException("a user named %s already exists".formatted(username));
            }
            UUID id = UUID.randomUUID();
            store.insertUser(id, username, INTERNAL, encoder.encode(in.password()),
                    in.displayName() == null ? "" : in.displayName(), in.email() == null ? "" : in.email());
            return store.user(id).orElseThrow();
        }

        public Audit audit(UserInput in, UserResponse out) {
            return new Audit(ObjectRef.system(), "User %s was created".formatted(out.username()));
        }
    }

    record UpdateInput(UUID id, UserInput change) {
    }

    record Update(UserStore store, PasswordEncoder encoder) implements Action<UpdateInput, UserResponse> {
        public ObjectRef target(UpdateInput in) {
            return ObjectRef.system();
        }

        public UserResponse execute(UpdateInput in) {
            UserResponse u = store.user(in.id()).orElseThrow(() -> new NotFoundException("user", in.id()));
            UserInput c = in.change();
            List<FieldError> errors = new ArrayList<>();
            if (c.password() != null) {
                if (!INTERNAL.equals(u.domain())) {
                    errors.add(new FieldError("password", "a directory user's password is changed in the directory"));
                } else {
                    PasswordPolicy.check(u.username(), c.password()).ifPresent(r -> errors.add(new FieldError("password", r)));
                }
            }
            checkText("displayName", c.displayName(), 255, errors);
            checkText("email", c.email(), 255, errors);
            if (c.username() != null && !c.username().equalsIgnoreCase(u.username())) {
                errors.add(new FieldError("username", "cannot be changed"));
            }
            if (!errors.isEmpty()) {
                throw BadRequestException.of(errors);
            }
            if (Boolean.TRUE.equals(c.disabled()) && AdminAccount.ADMIN.equals(u.username())) {
                throw new ConflictException(AdminAccount.ADMIN + " cannot be disabled");
            }
            store.updateUser(u.id(), c.password() == null ? null : encoder.encode(c.password()),
                    c.displayName() == null ? u.displayName() : c.displayName(), c.email() == null ? u.email() : c.email(),
                    c.disabled() == null ? u.disabled() : c.disabled(), Boolean.TRUE.equals(c.unlock()));
            return store.user(u.id()).orElseThrow();
        }

        public Audit audit(UpdateInput in, UserResponse out) {
            UserInput c = in.change();
            List<String> what = new ArrayList<>();
            if (c.password() != null) {
                what.add("password changed");
            }
            if (c.disabled() != null) {
                what.add(c.disabled() ? "disabled" : "enabled");
            }
            if (Boolean.TRUE.equals(c.unlock())) {
                what.add("unlocked");
            }
            if (c.displayName() != null || c.email() != null) {
                what.add("details changed");
            }
            return new Audit(ObjectRef.system(), "User %s was changed (%s)".formatted(out.username(),
                    what.isEmpty() ? "nothing" : String.join(", ", what)));
        }
    }

    record Delete(UserStore store) implements Action<UUID, UserResponse> {
        public ObjectRef target(UUID id) {
            return ObjectRef.system();
        }

        public UserResponse execute(UUID id) {
            UserResponse u = store.user(id).orElseThrow(() -> new NotFoundException("user", id));
            if (AdminAccount.ADMIN.equals(u.username())) {
                throw new ConflictException(AdminAccount.ADMIN + " cannot be deleted");
            }
            store.deleteUser(id);
            return u;
        }

        public Audit audit(UUID id, UserResponse out) {
            return new Audit(ObjectRef.system(), "User %s was deleted with its permissions".formatted(out.username()));
        }
    }
}
