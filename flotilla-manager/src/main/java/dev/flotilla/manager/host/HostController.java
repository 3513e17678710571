package dev.flotilla.manager.host;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.PageRequest;
import java.util.Arrays;
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

    private final HostService hosts;

    HostController(HostService hosts) {
        this.hosts = hosts;
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
                throw BadRequestException.field("status", "is not a host status; one of " + Arrays.toString(HostStatus.values()));
            }
        }
        return hosts.list(new HostRepository.Filter(st, clusterId, name), PageRequest.of(page, size));
    }

    @GetMapping("/{id}")
    HostResponse get(@PathVariable UUID id) {
        return hosts.get(id);
    }

    @PostMapping("/{id}/approve")
    HostResponse approve(@PathVariable UUID id) {
        return hosts.approve(id);
    }

    @PostMapping("/{id}/maintenance")
    HostResponse maintenance(@PathVariable UUID id) {
        return hosts.maintenance(id);
    }

    @PostMapping("/{id}/activate")
    HostResponse activate(@PathVariable UUID id) {
        return hosts.activate(id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        hosts.delete(id);
    }
}
