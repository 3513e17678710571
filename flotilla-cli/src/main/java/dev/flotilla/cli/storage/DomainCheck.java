package dev.flotilla.cli.storage;

import dev.flotilla.cli.output.Cells;
import dev.flotilla.cli.output.Detail;
import java.util.List;

/**
 * One host's storage domain monitor of one domain, as {@code host show} (by domain) and
 * {@code storage show} (by host) print it: valid with the check's delay and age, or invalid since
 * when and why.
 */
public record DomainCheck(String domainName, String hostName, Boolean checked, Boolean valid, Long lastCheckDelayMs,
                          Long lastCheckAgeMs, String error, String invalidSince) {

    /** {@code valid (read in 12 ms, 1.4 s ago)}, {@code INVALID since …: why}, or {@code not checked yet}. */
    public String describe() {
        if (!Boolean.TRUE.equals(checked)) {
            return "not checked yet";
        }
        if (Boolean.TRUE.equals(valid)) {
            return "valid (read in %d ms, %.1f s ago)".formatted(lastCheckDelayMs, lastCheckAgeMs / 1000.0);
        }
        return "INVALID since " + Cells.time(invalidSince) + ": " + Cells.text(error);
    }

    /** One line a check, labelled by what the check is of (a domain's name, or a host's). */
    public static List<Detail> lines(String prefix, List<DomainCheck> checks, boolean byHost) {
        return checks == null ? List.of()
                : checks.stream().map(c -> Detail.of(prefix + (byHost ? c.hostName() : c.domainName()), c.describe())).toList();
    }
}
