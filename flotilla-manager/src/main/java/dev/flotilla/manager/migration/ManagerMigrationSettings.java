package dev.flotilla.manager.migration;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The manager's migration settings ({@code flotilla.migration.*}): the bottom level under each
 * cluster's defaults, and the downtime steps of the convergence policy (raised in turn while a
 * migration does not converge, then it is aborted).
 */
@Component
class ManagerMigrationSettings {

    private final MigrationView.Parameters parameters;
    private final List<Integer> downtimeSteps;

    ManagerMigrationSettings(@Value("${flotilla.migration.max-downtime-ms:20}") int maxDowntimeMs,
                             @Value("${flotilla.migration.bandwidth-mibps:0}") int bandwidthMiBps,
                             @Value("${flotilla.migration.auto-converge:false}") boolean autoConverge,
                             @Value("${flotilla.migration.post-copy:false}") boolean postCopy,
                             @Value("${flotilla.migration.downtime-steps-ms:50,100,200,500}") List<Integer> downtimeSteps) {
        this.parameters = new MigrationView.Parameters(maxDowntimeMs, bandwidthMiBps, autoConverge, postCopy);
        this.downtimeSteps = List.copyOf(downtimeSteps);
    }

    MigrationView.Parameters parameters() {
        return parameters;
    }

    List<Integer> downtimeSteps() {
        return downtimeSteps;
    }
}
