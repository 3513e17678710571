package dev.flotilla.manager.migration;

import static dev.flotilla.manager.migration.OrphanedMigrations.Verdict.LOST;
import static dev.flotilla.manager.migration.OrphanedMigrations.Verdict.UNDER_WAY;
import static dev.flotilla.manager.migration.OrphanedMigrations.Verdict.UP_ON_SOURCE;
import static dev.flotilla.manager.migration.OrphanedMigrations.Verdict.UP_ON_TARGET;
import static dev.flotilla.manager.vm.ReportedVm.State.CRASHED;
import static dev.flotilla.manager.vm.ReportedVm.State.PAUSED;
import static dev.flotilla.manager.vm.ReportedVm.State.RUNNING;
import static dev.flotilla.manager.vm.ReportedVm.State.STARTING;
import static dev.flotilla.manager.vm.ReportedVm.State.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the two hosts' reports settle a migration the manager did not live to follow. */
class OrphanedMigrationsTest {

    @Test
    void theTargetRunningTheGuestMeansTheMigrationCompleted() {
        assertThat(OrphanedMigrations.verdict(null, RUNNING)).isEqualTo(UP_ON_TARGET);
        // the source's QEMU stays paused after the hand-over until its agent quits it
        assertThat(OrphanedMigrations.verdict(PAUSED, RUNNING)).isEqualTo(UP_ON_TARGET);
    }

    @Test
    void aTargetStillWaitingMeansUnderWayWhateverTheSourceSays() {
        assertThat(OrphanedMigrations.verdict(RUNNING, STARTING)).isEqualTo(UNDER_WAY);
        // the source has handed over and quit; the target's report of it running is still to come
        assertThat(OrphanedMigrations.verdict(null, STARTING)).isEqualTo(UNDER_WAY);
    }

    @Test
    void nothingOnTheTargetAndTheSourceRunningMeansItStayed() {
        assertThat(OrphanedMigrations.verdict(RUNNING, null)).isEqualTo(UP_ON_SOURCE);
        assertThat(OrphanedMigrations.verdict(RUNNING, CRASHED)).isEqualTo(UP_ON_SOURCE);
        assertThat(OrphanedMigrations.verdict(PAUSED, STOPPED)).isEqualTo(UP_ON_SOURCE);
    }

    @Test
    void neitherHostRunningItMeansItIsLost() {
        assertThat(OrphanedMigrations.verdict(null, null)).isEqualTo(LOST);
        assertThat(OrphanedMigrations.verdict(CRASHED, STOPPED)).isEqualTo(LOST);
    }
}
