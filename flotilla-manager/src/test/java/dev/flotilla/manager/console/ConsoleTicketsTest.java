package dev.flotilla.manager.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConsoleTicketsTest {

    /** A clock the test moves by hand. */
    private static final class Hands extends Clock {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private final Hands clock = new Hands();
    private final ConsoleTickets tickets = new ConsoleTickets(Duration.ofSeconds(30), clock);
    private final UUID vm = UUID.randomUUID();

    @Test
    void aTicketOpensOneSessionOnce() {
        ConsoleTicket issued = tickets.issue(vm, "web", "admin@internal");

        assertThat(issued.ticket()).hasSizeGreaterThanOrEqualTo(43); // 256 bits, base64url
        assertThat(issued.expiresAt()).isEqualTo(clock.now.plusSeconds(30));
        assertThat(tickets.redeem(issued.ticket())).contains(issued);
        assertThat(tickets.redeem(issued.ticket())).isEmpty();
    }

    @Test
    void aTicketExpires() {
        ConsoleTicket issued = tickets.issue(vm, "web", "admin@internal");
        clock.now = clock.now.plusSeconds(29);
        ConsoleTicket second = tickets.issue(vm, "web", "admin@internal");

        clock.now = clock.now.plusSeconds(1);

        assertThat(tickets.redeem(issued.ticket())).isEmpty();
        assertThat(tickets.redeem(second.ticket())).contains(second);
    }

    @Test
    void unknownAndBlankTicketsOpenNothing() {
        tickets.issue(vm, "web", "admin@internal");

        assertThat(tickets.redeem("made-up")).isEmpty();
        assertThat(tickets.redeem("")).isEmpty();
        assertThat(tickets.redeem(null)).isEmpty();
    }

    @Test
    void ticketsNobodyUsedAreDroppedOnceExpired() {
        tickets.issue(vm, "web", "admin@internal");
        tickets.issue(vm, "web", "admin@internal");
        clock.now = clock.now.plusSeconds(31);

        tickets.issue(vm, "web", "admin@internal");

        assertThat(tickets.outstanding()).isEqualTo(1);
    }

    @Test
    void everyTicketIsDifferent() {
        assertThat(tickets.issue(vm, "web", "a").ticket()).isNotEqualTo(tickets.issue(vm, "web", "a").ticket());
    }

    @Test
    void aTicketMustLive() {
        assertThatThrownBy(() -> new ConsoleTickets(Duration.ZERO, clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
