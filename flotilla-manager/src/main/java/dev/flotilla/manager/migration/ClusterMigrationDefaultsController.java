package dev.flotilla.manager.migration;

import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/clusters/{id}/migrationdefaults}: the cluster's own migration settings
 * ({@code own}, null where the manager's apply) and those a migration uses when its call sets
 * none ({@code effective}). PUT replaces {@code own}.
 */
@RestController
@RequestMapping("/api/v1/clusters/{id}/migrationdefaults")
class ClusterMigrationDefaultsController {

    private final ClusterMigrationDefaults defaults;

    ClusterMigrationDefaultsController(ClusterMigrationDefaults defaults) {
        this.defaults = defaults;
    }

    @GetMapping
    ClusterMigrationDefaults.View get(@PathVariable UUID id) {
        return defaults.get(id);
    }

    @PutMapping
    ClusterMigrationDefaults.View put(@PathVariable UUID id, @RequestBody(required = false) MigrationDefaults in) {
        return defaults.set(id, in);
    }
}
