package dev.flotilla.manager.powersaving;

import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/clusters/{id}/powersaving}: whether power saving is on, the reserve, and each host's standing with why. */
@RestController
class PowerSavingController {

    private final PowerSaving powerSaving;

    PowerSavingController(PowerSaving powerSaving) {
        this.powerSaving = powerSaving;
    }

    @GetMapping("/api/v1/clusters/{id}/powersaving")
    PowerSaving.ClusterView get(@PathVariable UUID id) {
        return powerSaving.view(id);
    }
}
