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
import org.springframework.stereotype.Component;

/** Internal groups: create, delete, add and remove members. Directory groups' members come from the directory. */
@Component
class GroupActions {

    final Create create;
    final Delete delete;
    final Membership membership;

    GroupActions(UserStore store) {
        this.create = new Create(store);
        this.delete = new Delete(store);
        this.membership = new Membership(store);
    }

    record Create(UserStore store) implements Action<GroupInput, GroupResponse> {
        public ObjectRef target(GroupInput in) {
            return ObjectRef.system();
        }

        public GroupResponse execute(GroupInput in) {
            List<FieldError> errors = new ArrayList<>();
            String name = UserActions.internalName("name", in.name(), errors);
            UserActions.checkText("description", in.description(), 1024, errors);
            if (!errors.isEmpty()) {
                throw BadRequestException.of(errors);
            }
            if (store.groupNamed(name).isPresent()) {
                throw new ConflictException("a group named %s already exists".formatted(name));
            }
            UUID id = UUID.randomUUID();
            store.insertGroup(id, name, UserActions.INTERNAL, in.description() == null ? "" : in.description());
            return store.group(id).orElseThrow();
        }

        public Audit audit(GroupInput in, GroupResponse out) {
            return new Audit(ObjectRef.system(), "Group %s was created".formatted(out.name()));
        }
    }

    record Delete(UserStore store) implements Action<UUID, GroupResponse> {
        public ObjectRef target(UUID id) {
            return ObjectRef.system();
        }

        public GroupResponse execute(UUID id) {
            GroupResponse g = store.group(id).orElseThrow(() -> new NotFoundException("group", id));
            store.deleteGroup(id);
            return g;
        }

        public Audit audit(UUID id, GroupResponse out) {
            return new Audit(ObjectRef.system(), "Group %s was deleted with its permissions".formatted(out.name()));
        }
    }

    /** Adds ({@code add}) or removes a member of an internal group. */
    record MemberInput(UUID groupId, String user, boolean add) {
    }

    record Membership(UserStore store) implements Action<MemberInput, GroupResponse> {
        public ObjectRef target(MemberInput in) {
            return ObjectRef.system();
        }

        public GroupResponse execute(MemberInput in) {
            GroupResponse g = store.group(in.groupId()).orElseThrow(() -> new NotFoundException("group", in.groupId()));
            if (!UserActions.INTERNAL.equals(g.domain())) {
                throw new ConflictException("%s is a directory group; its members are kept in the directory".formatted(g.name()));
            }
            String who = in.user() == null ? "" : in.user().trim();
            UserResponse u = (who.matches("[0-9a-fA-F-]{36}") ? store.user(UUID.fromString(who))
                    : store.userNamed(who.contains("@") ? who : who + "@" + UserActions.INTERNAL))
                    .orElseThrow(() -> BadRequestException.field("user", "no such user"));
            if (in.add()) {
                store.addMember(g.id(), u.id());
            } else {
                store.removeMember(g.id(), u.id());
            }
            return store.group(g.id()).orElseThrow();
        }

        public Audit audit(MemberInput in, GroupResponse out) {
            return new Audit(ObjectRef.system(), "User %s was %s group %s".formatted(in.user(),
                    in.add() ? "added to" : "removed from", out.name()));
        }
    }
}
