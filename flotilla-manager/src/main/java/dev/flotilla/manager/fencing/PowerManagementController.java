package dev.flotilla.manager.fencing;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/hosts/{id}/powermanagement}: the host's BMC settings (never the password) and a test that reads the power status. */
@RestController
@RequestMapping("/api/v1/hosts/{id}/powermanagement")
class PowerManagementController {

    private final PowerManagementService service;

    PowerManagementController(PowerManagementService service) {
        this.service = service;
    }

    @GetMapping
    PowerManagementResponse get(@PathVariable UUID id) {
        return service.get(id);
    }

    @PutMapping
    PowerManagementResponse put(@PathVariable UUID id, @RequestBody PowerManagementInput in) {
        return service.save(id, in);
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        service.remove(id);
    }

    /** Reads the power status through a proxy with the stored settings; 200 with ok=false when the BMC could not be read. */
    @PostMapping("/test")
    Fencer.Outcome test(@PathVariable UUID id) {
        return service.test(id);
    }
}
