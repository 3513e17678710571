package dev.flotilla.manager.storage;

import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.PageRequest;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/disks} and a VM's disks, {@code /api/v1/vms/{id}/disks}. */
@RestController
class DiskController {

    private final DiskService service;
    private final DiskCopies copies;

    DiskController(DiskService service, DiskCopies copies) {
        this.service = service;
        this.copies = copies;
    }

    /** Body of move and copy. */
    record CopyInput(UUID storageDomainId, String name) {
    }

    /** {@code POST /disks/{id}/move}: 202 with the disk (Locked) and the job moving it. */
    @PostMapping("/api/v1/disks/{id}/move")
    @ResponseStatus(HttpStatus.ACCEPTED)
    DiskCopies.Started move(@PathVariable UUID id, @RequestBody(required = false) CopyInput in) {
        return copies.move(id, in == null ? null : in.storageDomainId());
    }

    /** {@code POST /disks/{id}/move/cancel}: stops a live move; the job ends cancelled and the VM stays on the source (409 when none runs). */
    @PostMapping("/api/v1/disks/{id}/move/cancel")
    DiskResponse cancelMove(@PathVariable UUID id) {
        return copies.cancelMove(id);
    }

    /** {@code POST /disks/{id}/copy}: 202 with the new disk (Locked until copied) and the job copying it. */
    @PostMapping("/api/v1/disks/{id}/copy")
    @ResponseStatus(HttpStatus.ACCEPTED)
    DiskCopies.Started copy(@PathVariable UUID id, @RequestBody(required = false) CopyInput in) {
        return copies.copy(id, in == null ? null : in.storageDomainId(), in == null ? null : in.name());
    }

    /** Body of grow. */
    record GrowInput(Long sizeBytes) {
    }

    @GetMapping("/api/v1/disks")
    ListResponse<DiskResponse> list(@RequestParam(required = false) UUID storageDomainId, @RequestParam(required = false) String name,
                                    @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return service.list(storageDomainId, name, PageRequest.of(page, size));
    }

    @GetMapping("/api/v1/disks/{id}")
    DiskResponse get(@PathVariable UUID id) {
        return service.get(id);
    }

    @PostMapping("/api/v1/disks")
    @ResponseStatus(HttpStatus.CREATED)
    DiskResponse create(@RequestBody DiskInput in) {
        return service.create(in);
    }

    @PostMapping("/api/v1/disks/{id}/grow")
    DiskResponse grow(@PathVariable UUID id, @RequestBody(required = false) GrowInput in) {
        return service.grow(id, in == null ? null : in.sizeBytes());
    }

    @DeleteMapping("/api/v1/disks/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        service.delete(id);
    }

    @GetMapping("/api/v1/vms/{id}/disks")
    ListResponse<VmDiskResponse> vmDisks(@PathVariable UUID id) {
        List<VmDiskResponse> items = service.vmDisks(id);
        return new ListResponse<>(items, items.size());
    }

    @PostMapping("/api/v1/vms/{id}/disks")
    @ResponseStatus(HttpStatus.CREATED)
    VmDiskResponse attach(@PathVariable UUID id, @RequestBody(required = false) VmDiskInput in) {
        return service.attach(id, in);
    }

    @DeleteMapping("/api/v1/vms/{id}/disks/{diskId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void detach(@PathVariable UUID id, @PathVariable UUID diskId) {
        service.detach(id, diskId);
    }
}
