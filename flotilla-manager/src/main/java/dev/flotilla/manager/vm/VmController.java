package dev.flotilla.manager.vm;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.PageRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/vms")
class VmController {

    private final VmService service;
    private final VmScreenshots screenshots;

    VmController(VmService service, VmScreenshots screenshots) {
        this.service = service;
        this.screenshots = screenshots;
    }

    @GetMapping
    ListResponse<VmResponse> list(@RequestParam(required = false) String status, @RequestParam(required = false) UUID hostId,
                                  @RequestParam(required = false) UUID clusterId, @RequestParam(required = false) String name,
                                  @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        VmStatus st = null;
        if (status != null && !status.isBlank()) {
            try {
                st = VmStatus.parse(status);
            } catch (IllegalArgumentException e) {
                throw BadRequestException.field("status", "is not a VM status; one of " + Arrays.toString(VmStatus.values()));
            }
        }
        return service.list(new VmRepository.Filter(st, hostId, clusterId, name), PageRequest.of(page, size));
    }

    @GetMapping("/{id}")
    VmResponse get(@PathVariable UUID id) {
        return service.get(id);
    }

    /**
     * The VM's screen now, as a PNG from its host. No {@code produces}: a refusal must still be
     * answered as problem+json (404 unknown VM; 409 no screen, host not connected or failing).
     */
    @GetMapping("/{id}/screenshot")
    ResponseEntity<byte[]> screenshot(@PathVariable UUID id) {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore()).body(screenshots.take(id));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    VmResponse create(@RequestBody VmInput in) {
        return service.create(in);
    }

    @PatchMapping("/{id}")
    VmResponse update(@PathVariable UUID id, @RequestBody VmInput in) {
        return service.update(id, in);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        service.delete(id);
    }

    @PostMapping("/{id}/start")
    VmResponse start(@PathVariable UUID id) {
        return service.start(id);
    }

    @PostMapping("/{id}/shutdown")
    VmResponse shutdown(@PathVariable UUID id, @RequestBody(required = false) ShutdownInput in) {
        boolean force = in != null && Boolean.TRUE.equals(in.force());
        int timeout = in == null || in.timeoutSeconds() == null ? 60 : in.timeoutSeconds();
        if (timeout < 1 || timeout > 3600) {
            throw BadRequestException.field("timeoutSeconds", "must be between 1 and 3600");
        }
        return service.shutdown(id, force, Duration.ofSeconds(timeout));
    }

    @PostMapping("/{id}/stop")
    VmResponse stop(@PathVariable UUID id) {
        return service.power(id, VmCommands.Kind.STOP);
    }

    @PostMapping("/{id}/reboot")
    VmResponse reboot(@PathVariable UUID id) {
        return service.power(id, VmCommands.Kind.REBOOT);
    }

    @PostMapping("/{id}/pause")
    VmResponse pause(@PathVariable UUID id) {
        return service.power(id, VmCommands.Kind.PAUSE);
    }

    @PostMapping("/{id}/resume")
    VmResponse resume(@PathVariable UUID id) {
        return service.power(id, VmCommands.Kind.RESUME);
    }
}
