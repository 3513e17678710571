package dev.flotilla.manager.identity.access;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.NotFoundException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/roles}: the predefined and custom roles; {@code /api/v1/roles/actiongroups} lists what roles are made of. */
@RestController
@RequestMapping("/api/v1/roles")
class RoleController {

    private final RoleStore roles;
    private final RoleActions actions;
    private final ActionRunner runner;

    RoleController(RoleStore roles, RoleActions actions, ActionRunner runner) {
        this.roles = roles;
        this.actions = actions;
        this.runner = runner;
    }

    @GetMapping
    ListResponse<RoleResponse> list() {
        List<RoleResponse> all = roles.all().values().stream().map(RoleResponse::of).toList();
        return new ListResponse<>(all, all.size());
    }

    @GetMapping("/actiongroups")
    List<String> actionGroups() {
        return Arrays.stream(ActionGroup.values()).map(ActionGroup::label).toList();
    }

    @GetMapping("/{id}")
    RoleResponse get(@PathVariable UUID id) {
        return roles.find(id).map(RoleResponse::of).orElseThrow(() -> new NotFoundException("role", id));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    RoleResponse create(@RequestBody RoleInput in) {
        return RoleResponse.of(runner.run(actions.create, in));
    }

    @PatchMapping("/{id}")
    RoleResponse update(@PathVariable UUID id, @RequestBody RoleInput in) {
        return RoleResponse.of(runner.run(actions.update, new RoleActions.UpdateInput(id, in)));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        runner.run(actions.delete, id);
    }
}
