package dev.flotilla.manager.identity;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/users} and {@code /api/v1/groups}. */
@RestController
class UserController {

    private final UserStore store;
    private final UserActions users;
    private final GroupActions groups;
    private final ActionRunner runner;

    UserController(UserStore store, UserActions users, GroupActions groups, ActionRunner runner) {
        this.store = store;
        this.users = users;
        this.groups = groups;
        this.runner = runner;
    }

    @GetMapping("/api/v1/users")
    ListResponse<UserResponse> users() {
        List<UserResponse> all = store.users();
        return new ListResponse<>(all, all.size());
    }

    @GetMapping("/api/v1/users/{id}")
    UserResponse user(@PathVariable UUID id) {
        return store.user(id).orElseThrow(() -> new NotFoundException("user", id));
    }

    @PostMapping("/api/v1/users")
    @ResponseStatus(HttpStatus.CREATED)
    UserResponse create(@RequestBody UserInput in) {
        return runner.run(users.create, in);
    }

    @PatchMapping("/api/v1/users/{id}")
    UserResponse update(@PathVariable UUID id, @RequestBody UserInput in) {
        return runner.run(users.update, new UserActions.UpdateInput(id, in));
    }

    @DeleteMapping("/api/v1/users/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        runner.run(users.delete, id);
    }

    @GetMapping("/api/v1/groups")
    ListResponse<GroupResponse> groups() {
        List<GroupResponse> all = store.groups();
        return new ListResponse<>(all, all.size());
    }

    @GetMapping("/api/v1/groups/{id}")
    GroupResponse group(@PathVariable UUID id) {
        return store.group(id).orElseThrow(() -> new NotFoundException("group", id));
    }

    @PostMapping("/api/v1/groups")
    @ResponseStatus(HttpStatus.CREATED)
    GroupResponse createGroup(@RequestBody GroupInput in) {
        return runner.run(groups.create, in);
    }

    @DeleteMapping("/api/v1/groups/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteGroup(@PathVariable UUID id) {
        runner.run(groups.delete, id);
    }

    /** Body {@code {"user": "ann"}} (a name or an id). */
    @PostMapping("/api/v1/groups/{id}/members")
    GroupResponse addMember(@PathVariable UUID id, @RequestBody Map<String, String> body) {
        return runner.run(groups.membership, new GroupActions.MemberInput(id, body.get("user"), true));
    }

    @DeleteMapping("/api/v1/groups/{id}/members/{user}")
    GroupResponse removeMember(@PathVariable UUID id, @PathVariable String user) {
        return runner.run(groups.membership, new GroupActions.MemberInput(id, user, false));
    }
}
