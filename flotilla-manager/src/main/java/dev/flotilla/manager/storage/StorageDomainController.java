package dev.flotilla.manager.storage;

import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.PageRequest;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/storagedomains")
class StorageDomainController {

    private final StorageDomainService service;

    StorageDomainController(StorageDomainService service) {
        this.service = service;
    }

    /** Body of attach: the data center to attach to. */
    record AttachInput(UUID dataCenterId) {
    }

    @GetMapping
    ListResponse<StorageDomainResponse> list(@RequestParam(required = false) UUID dataCenterId, @RequestParam(required = false) String name,
                                             @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return service.list(dataCenterId, name, PageRequest.of(page, size));
    }

    @GetMapping("/{id}")
    StorageDomainResponse get(@PathVariable UUID id) {
        return service.get(id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    StorageDomainResponse create(@RequestBody StorageDomainInput in) {
        return service.create(in);
    }

    @PostMapping("/{id}/attach")
    StorageDomainResponse attach(@PathVariable UUID id, @RequestBody(required = false) AttachInput in) {
        return service.attach(id, in == null ? null : in.dataCenterId());
    }

    @PostMapping("/{id}/activate")
    StorageDomainResponse activate(@PathVariable UUID id) {
        return service.activate(id);
    }

    @PostMapping("/{id}/deactivate")
    StorageDomainResponse deactivate(@PathVariable UUID id) {
        return service.deactivate(id);
    }

    @PostMapping("/{id}/detach")
    StorageDomainResponse detach(@PathVariable UUID id) {
        return service.detach(id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        service.delete(id);
    }

    /** iSCSI discovery: the target's LUNs as a host of the data center sees them now. */
    @GetMapping("/{id}/luns")
    ListResponse<StorageDomainService.LunResponse> luns(@PathVariable UUID id) {
        return service.luns(id);
    }
}
