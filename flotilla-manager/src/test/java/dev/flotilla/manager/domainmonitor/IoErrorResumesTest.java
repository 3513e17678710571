package dev.flotilla.manager.domainmonitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** When a VM paused for want of space may run again: a later report with room, and more room than at the pause. */
class IoErrorResumesTest {

    private static final long MIB = 1024 * 1024;
    private static final Instant PAUSED = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void aDomainWithRoomAgainAfterThePauseResumesIt() {
        assertThat(IoErrorResumes.roomAgain(report(900 * MIB, PAUSED.plusSeconds(10)), 0, 256 * MIB, PAUSED)).isTrue();
    }

    @Test
    void tooLittleRoomOrNoMoreThanAtThePauseKeepsItPaused() {
        assertThat(IoErrorResumes.roomAgain(report(100 * MIB, PAUSED.plusSeconds(10)), 0, 256 * MIB, PAUSED))
                .as("less than the minimum").isFalse();
        assertThat(IoErrorResumes.roomAgain(report(900 * MIB, PAUSED.plusSeconds(10)), 900 * MIB, 256 * MIB, PAUSED))
                .as("no more than when it paused: it would pause again").isFalse();
    }

    @Test
    void aReportFromBeforeThePauseOrAnInvalidOneDecidesNothing() {
        assertThat(IoErrorResumes.roomAgain(report(900 * MIB, PAUSED.minusSeconds(1)), 0, 256 * MIB, PAUSED)).isFalse();
        DomainReport invalid = new DomainReport(UUID.randomUUID(), true, false, 10, 100, "stat failed", null, 900 * MIB,
                PAUSED.plusSeconds(10), PAUSED.plusSeconds(10));
        assertThat(IoErrorResumes.roomAgain(invalid, 0, 256 * MIB, PAUSED)).isFalse();
    }

    private static DomainReport report(long free, Instant at) {
        return new DomainReport(UUID.randomUUID(), true, true, 5, 100, "", 2048 * MIB, free, at, null);
    }
}
