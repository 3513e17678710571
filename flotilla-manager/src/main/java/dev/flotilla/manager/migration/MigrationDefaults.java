package dev.flotilla.manager.migration;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * Migration settings where each one may be left unset (null) to take the next level's: a call to
 * {@code /migrate} over its cluster's defaults over the manager's configuration. The same record
 * is the body of {@code PUT /clusters/{id}/migrationdefaults}.
 */
public record MigrationDefaults(Integer maxDowntimeMs, Integer bandwidthMiBps, Boolean autoConverge, Boolean postCopy) {

    public static final MigrationDefaults UNSET = new MigrationDefaults(null, null, null, null);

    /** @throws BadRequestException naming every field out of range */
    public MigrationDefaults validated() {
        List<FieldError> errors = new ArrayList<>();
        if (maxDowntimeMs != null && (maxDowntimeMs < 1 || maxDowntimeMs > 60_000)) {
            errors.add(new FieldError("maxDowntimeMs", "must be from 1 to 60000 ms"));
        }
        if (bandwidthMiBps != null && bandwidthMiBps < 0) {
            errors.add(new FieldError("bandwidthMiBps", "must be 0 (no limit) or more"));
        }
        if (!errors.isEmpty()) {
            throw new BadRequestException("the migration parameters are not valid", errors);
        }
        return this;
    }

    /** Each setting of this one where set, else the one under it. */
    public MigrationView.Parameters over(MigrationView.Parameters under) {
        return new MigrationView.Parameters(
                maxDowntimeMs != null ? maxDowntimeMs : under.maxDowntimeMs(),
                bandwidthMiBps != null ? bandwidthMiBps : under.bandwidthMiBps(),
                autoConverge != null ? autoConverge : under.autoConverge(),
                postCopy != null ? postCopy : under.postCopy());
    }

    /** "downtime 20 ms, bandwidth unlimited, …" for the event log; unset settings say "manager's". */
    String describe() {
        return "maximum downtime %s, bandwidth %s, auto-converge %s, post-copy %s".formatted(
                maxDowntimeMs == null ? "manager's" : maxDowntimeMs + " ms",
                bandwidthMiBps == null ? "manager's" : bandwidthMiBps == 0 ? "unlimited" : bandwidthMiBps + " MiB/s",
                autoConverge == null ? "manager's" : autoConverge ? "on" : "off",
                postCopy == null ? "manager's" : postCopy ? "on" : "off");
    }
}
