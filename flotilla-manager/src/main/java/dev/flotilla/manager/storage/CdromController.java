package dev.flotilla.manager.storage;

import dev.flotilla.manager.api.NotFoundException;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/vms/{id}/cdrom}: the ISO in a VM's CD-ROM drive; PUT inserts or changes it, DELETE ejects (live while the VM runs). */
@RestController
class CdromController {

    private final CdromService service;

    CdromController(CdromService service) {
        this.service = service;
    }

    @GetMapping("/api/v1/vms/{id}/cdrom")
    VmCdrom get(@PathVariable UUID id) {
        return service.of(id).orElseThrow(() -> new NotFoundException("the CD-ROM drive of VM " + id + " is empty"));
    }

    @PutMapping("/api/v1/vms/{id}/cdrom")
    VmCdrom insert(@PathVariable UUID id, @RequestBody(required = false) VmCdrom.Input in) {
        return service.insert(id, in);
    }

    @DeleteMapping("/api/v1/vms/{id}/cdrom")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void eject(@PathVariable UUID id) {
        service.eject(id);
    }
}
