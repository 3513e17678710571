package dev.flotilla.manager.domainmonitor;

import java.time.Instant;
import java.util.UUID;

/**
 * One host's last word on one storage domain, as its heartbeat carried it.
 *
 * @param checked        false until the host's first check of the domain ended
 * @param valid          the host's last check read the domain in time
 * @param lastCheckDelayMs how long that check took
 * @param lastCheckAgeMs how long before the heartbeat it ended (or the overrunning one started)
 * @param error          why the domain is invalid on that host; empty when valid
 * @param totalBytes     null when the storage does not tell
 * @param invalidSince   when the host first reported the domain invalid in the current run of
 *                       invalid reports; null while valid (the grace period counts from here)
 */
public record DomainReport(UUID domainId, boolean checked, boolean valid, long lastCheckDelayMs, long lastCheckAgeMs,
                           String error, Long totalBytes, Long freeBytes, Instant reportedAt, Instant invalidSince) {

    /** Invalid in a way that counts: a check ended (or overran) and failed. */
    public boolean failing() {
        return checked && !valid;
    }

    /** This report following {@code previous}: the invalid run keeps its start. */
    DomainReport after(DomainReport previous) {
        Instant since = !failing() ? null
                : previous != null && previous.failing() && previous.invalidSince() != null ? previous.invalidSince() : reportedAt;
        return new DomainReport(domainId, checked, valid, lastCheckDelayMs, lastCheckAgeMs, error, totalBytes, freeBytes,
                reportedAt, since);
    }
}
