package dev.flotilla.manager.migration;

import java.util.UUID;

/**
 * {@code POST /api/v1/vms/{id}/migrate}: every field is optional. Without a target the scheduler
 * picks one of the cluster's hosts (never the current one); the others override the defaults.
 */
public record MigrationInput(UUID targetHostId, Integer maxDowntimeMs, Integer bandwidthMiBps, Boolean autoConverge, Boolean postCopy) {

    public static final MigrationInput DEFAULTS = new MigrationInput(null, null, null, null, null);
}
