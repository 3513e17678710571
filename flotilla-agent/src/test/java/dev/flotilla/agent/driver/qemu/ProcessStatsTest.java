package dev.flotilla.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessStatsTest {

    @Test
    void readsThisJvm() {
        ProcessStats stats = new ProcessStats(ProcessHandle.current().pid());

        ProcessStats.Sample first = stats.sample();
        ProcessStats.Sample second = stats.sample();

        assertThat(first.rssMiB()).isPositive();
        assertThat(first.cpuPercent()).isNotNegative();
        assertThat(second.cpuPercent()).isNotNegative();
        assertThat(second.uptimeSeconds()).isGreaterThanOrEqualTo(first.uptimeSeconds());
    }

    @Test
    void aVanishedProcessGivesNoFigures() {
        assertThat(new ProcessStats(Integer.MAX_VALUE).sample()).isEqualTo(ProcessStats.Sample.NONE);
    }
}
