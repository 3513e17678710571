package dev.flotilla.manager.web;

import dev.flotilla.manager.host.HostResponse;
import dev.flotilla.manager.storage.StorageDomainResponse;
import java.time.Instant;

/**
 * One line of a storage domain monitor table: on a host's page a domain it watches, on a domain's
 * page a host that watches it. {@code link} is the page of the object named.
 */
record DomainCheckRow(String name, String link, String state, String color, String delay, String age, String invalidSince,
                      String error) {

    static DomainCheckRow of(HostResponse.DomainCheck c) {
        return of(c.domainName(), "/storage/" + c.domainId(), c.checked(), c.valid(), c.lastCheckDelayMs(), c.lastCheckAgeMs(),
                c.invalidSince(), c.error());
    }

    static DomainCheckRow of(StorageDomainResponse.HostCheck c) {
        return of(c.hostName(), "/hosts/" + c.hostId(), c.checked(), c.valid(), c.lastCheckDelayMs(), c.lastCheckAgeMs(),
                c.invalidSince(), c.error());
    }

    private static DomainCheckRow of(String name, String link, boolean checked, boolean valid, long delayMs, long ageMs,
                                     Instant invalidSince, String error) {
        String state = !checked ? "Not checked yet" : valid ? "Valid" : "Invalid";
        String color = !checked ? "grey" : valid ? "green" : "red";
        return new DomainCheckRow(name, link, state, color, checked ? delayMs + " ms" : "—",
                checked ? Format.duration(ageMs / 1000) + " ago" : "—", Format.time(invalidSince), error);
    }
}
