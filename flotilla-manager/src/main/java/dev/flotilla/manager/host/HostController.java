package dev.flotilla.manager.host;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.PageRequest;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/hosts")
class HostController {

    private final HostRepository hosts;
    private final HostPresence presence;
    private final HostActions actions;
    private final ActionRunner runner;

    HostController(HostRepository hosts, HostPresence presence, HostActions actions, ActionRunner runner) {
        this.hosts = hosts;
        this.presence = presence;
        this.actions = actions;
        this.runner = runner;
    }

    @GetMapping
    ListResponse<HostResponse> list(@RequestParam(required = false) String status, @RequestParam(required = false) UUID clusterId,
                                    @RequestParam(required = false) String name,
                                    @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        HostStatus st = null;
        if (status != null && !status.isBlank()) {
            try {
                st = HostStatus.parse(status);
            } catch (IllegalArgumentException e) {
                throw BadRequestException.field("status", "is not a host status; one of " + java.util.Arrays.toString(HostStatus.values()));
            }
        }
        ListResponse<Host> found = hosts.list(new HostRepository.Filter(st, clusterId, name), PageRequest.of(page, size));
        Map<UUID, Long> counts = hosts.vmCounts(found.items().stream().map(Host::id).toList());
        return found.map(h -> HostResponse.of(h, presence.get(h.id()).orElse(null), counts.getOrDefault(h.id(), 0L)));
    }

    @GetMapping("/{id}")
    HostResponse get(@PathVariable UUID id) {
        return view(hosts.get(id));
    }

    @PostMapping("/{id}/approve")
    HostResponse approve(@PathVariable UUID id) {
        return view(runner.run(actions.approve, id));
    }

    @PostMapping("/{id}/maintenance")
    HostResponse maintenance(@PathVariable UUID id) {
        return view(runner.run(actions.maintenance, id));
    }

    @PostMapping("/{id}/activate")
    HostResponse activate(@PathVariable UUID id) {
        return view(runner.run(actions.activate, id));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        runner.run(actions.delete, id);
    }

    private HostResponse view(Host h) {
        return HostResponse.of(h, presence.get(h.id()).orElse(null), hosts.vmCounts(java.util.List.of(h.id())).getOrDefault(h.id(), 0L));
    }
}
