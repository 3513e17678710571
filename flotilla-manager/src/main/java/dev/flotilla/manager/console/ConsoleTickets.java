package dev.flotilla.manager.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and redeems console tickets: 256 random bits, single use, short-lived (30 s by
 * default: the browser asks for one right before it connects). In memory: a ticket outlives
 * neither its expiry nor a manager restart, so nothing needs to be stored.
 */
final class ConsoleTickets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Duration ttl;
    private final Clock clock;
    private final Map<String, ConsoleTicket> open = new ConcurrentHashMap<>();

    ConsoleTickets(Duration ttl, Clock clock) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a console ticket must live longer than 0, not " + ttl);
        }
        this.ttl = ttl;
        this.clock = clock;
    }

    Duration ttl() {
        return ttl;
    }

    ConsoleTicket issue(UUID vmId, String vmName, String user) {
        dropExpired();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        ConsoleTicket ticket = new ConsoleTicket(Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                UUID.randomUUID().toString(), vmId, vmName, user, clock.instant().plus(ttl));
        open.put(ticket.ticket(), ticket);
        return ticket;
    }

    /** The ticket, once: a second redeem, an unknown or an expired ticket gives nothing. */
    Optional<ConsoleTicket> redeem(String ticket) {
        if (ticket == null || ticket.isBlank()) {
            return Optional.empty();
        }
        ConsoleTicket found = open.remove(ticket);
        if (found == null || !clock.instant().isBefore(found.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(found);
    }

    int outstanding() {
        return open.size();
    }

    /** Tickets nobody redeemed: dropped on the next issue, so the map stays as small as the recent demand. */
    private void dropExpired() {
        var now = clock.instant();
        open.values().removeIf(t -> !now.isBefore(t.expiresAt()));
    }
}
