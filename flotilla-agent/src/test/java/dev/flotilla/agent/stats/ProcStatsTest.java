package dev.flotilla.agent.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatsTest {

    static final String STAT_1 = """
            cpu  100 0 100 700 100 0 0 0 0 0
            cpu0 50 0 50 350 50 0 0 0 0 0
            intr 12345
            """;
    static final String STAT_2 = """
            cpu  150 0 150 800 100 0 0 0 0 0
            cpu0 75 0 75 400 50 0 0 0 0 0
            """;
    static final String MEMINFO = """
            MemTotal:        8048116 kB
            MemFree:          402116 kB
            MemAvailable:    4024058 kB
            Buffers:          120000 kB
            Cached:          2000000 kB
            """;

    @Test
    void cpuPercentIsTheBusyShareBetweenTwoSamples() {
        ProcStats.CpuTimes first = ProcStats.parseStat(STAT_1);
        ProcStats.CpuTimes second = ProcStats.parseStat(STAT_2);
        assertThat(first).isEqualTo(new ProcStats.CpuTimes(800, 1000));
        // 200 jiffies passed, 100 of them idle
        assertThat(second.busyPercentSince(first)).isCloseTo(50.0, within(0.001));
        assertThat(first.busyPercentSince(first)).isZero();
    }

    @Test
    void memoryUsedIsTotalMinusAvailable() {
        ProcStats.MemInfo mem = ProcStats.parseMeminfo(MEMINFO);
        assertThat(mem.totalMiB()).isEqualTo(7859);
        assertThat(mem.usedMiB()).isEqualTo(3929);
    }

    @Test
    void oldKernelsWithoutMemAvailableCountFreeBuffersAndCache() {
        ProcStats.MemInfo mem = ProcStats.parseMeminfo("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n");
        assertThat(mem.availableKiB()).isEqualTo(400);
    }

    @Test
    void loadAndUptime() {
        assertThat(ProcStats.parseLoadavg("0.52 0.58 0.59 1/467 12345\n")).isEqualTo(new ProcStats.LoadAverage(0.52, 0.58, 0.59));
        assertThat(ProcStats.parseUptimeSeconds("350735.47 234388.90\n")).isEqualTo(350735);
    }

    @Test
    void readsAProcDirectory(@TempDir Path proc) throws Exception {
        Files.writeString(proc.resolve("stat"), STAT_1);
        Files.writeString(proc.resolve("meminfo"), MEMINFO);
        Files.writeString(proc.resolve("loadavg"), "1.00 2.00 3.00 1/1 1\n");
        Files.writeString(proc.resolve("uptime"), "42.9 1.0\n");
        ProcHostStats source = new ProcHostStats(proc);
        assertThat(source.sample().cpuPercent()).isZero(); // no earlier sample yet
        Files.writeString(proc.resolve("stat"), STAT_2);
        HostStats stats = source.sample();
        assertThat(stats).isEqualTo(new HostStats(50.0, 7859, 3929, 1.0, 2.0, 3.0, 42));
    }

    @Test
    void theRealProcParses() {
        HostStats stats = new ProcHostStats().sample();
        assertThat(stats.memoryTotalMiB()).isPositive();
        assertThat(stats.uptimeSeconds()).isPositive();
    }
}
