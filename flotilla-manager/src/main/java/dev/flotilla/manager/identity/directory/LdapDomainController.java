package dev.flotilla.manager.identity.directory;

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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/domains}: directory domains, and a check that one answers. The internal domain is always there. */
@RestController
@RequestMapping("/api/v1/domains")
class LdapDomainController {

    private final LdapDomainStore store;
    private final LdapDomainActions actions;
    private final ActionRunner runner;

    LdapDomainController(LdapDomainStore store, LdapDomainActions actions, ActionRunner runner) {
        this.store = store;
        this.actions = actions;
        this.runner = runner;
    }

    @GetMapping
    ListResponse<LdapDomainResponse> list() {
        List<LdapDomainResponse> all = store.all().stream().map(d -> LdapDomainResponse.of(d, store)).toList();
        return new ListResponse<>(all, all.size());
    }

    @GetMapping("/{id}")
    LdapDomainResponse get(@PathVariable UUID id) {
        return store.find(id).map(d -> LdapDomainResponse.of(d, store)).orElseThrow(() -> new NotFoundException("domain", id));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    LdapDomainResponse create(@RequestBody LdapDomainInput in) {
        return LdapDomainResponse.of(runner.run(actions.save, new LdapDomainActions.SaveInput(null, in)), store);
    }

    @PatchMapping("/{id}")
    LdapDomainResponse update(@PathVariable UUID id, @RequestBody LdapDomainInput in) {
        return LdapDomainResponse.of(runner.run(actions.save, new LdapDomainActions.SaveInput(id, in)), store);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        runner.run(actions.delete, id);
    }

    /** Connects and binds as the bind user: {@code {"ok": true}} or {@code {"ok": false, "message": why}}. */
    @PostMapping("/{id}/test")
    Map<String, Object> test(@PathVariable UUID id) {
        LdapDomain d = store.find(id).orElseThrow(() -> new NotFoundException("domain", id));
        try {
            new DirectoryClient().check(d);
            return Map.of("ok", true, "message", "connected and bound as " + (d.bindDn().isBlank() ? "anonymous" : d.bindDn()));
        } catch (DirectoryException e) {
            return Map.of("ok", false, "message", e.getMessage());
        }
    }
}
