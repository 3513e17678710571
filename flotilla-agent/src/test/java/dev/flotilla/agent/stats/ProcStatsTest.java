package dev.flotilla.agent.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
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
    void diskstatsCountsWholeDisksOnlyInBytes() {
        Map<String, ProcStats.ByteCounters> disks = ProcStats.parseDiskstats(sample("diskstats-1"));

        // partitions (sda1, nvme0n1p1, mmcblk0p1) and loop, ram, zram, dm-, md devices are left out;
        // nvme0n10 is a namespace of its own, not a partition of nvme0n1
        assertThat(disks).containsOnlyKeys("nvme0n1", "nvme0n10", "sda", "mmcblk0", "sr0");
        assertThat(disks.get("sda")).isEqualTo(new ProcStats.ByteCounters(802400L * 512, 204800L * 512));
    }

    @Test
    void aPartitionIsItsDisksNameAndANumber() {
        Set<String> devices = Set.of("sda", "nvme0n1", "mmcblk0", "sdaa");
        assertThat(ProcStats.isPartition("sda2", devices)).isTrue();
        assertThat(ProcStats.isPartition("nvme0n1p3", devices)).isTrue();
        assertThat(ProcStats.isPartition("mmcblk0p1", devices)).isTrue();
        assertThat(ProcStats.isPartition("sdaa", devices)).isFalse();
        assertThat(ProcStats.isPartition("nvme0n12", devices)).isFalse();
        assertThat(ProcStats.isPartition("mmcblk01", devices)).isFalse();
    }

    @Test
    void netDevCountsEveryInterfaceButLo() {
        Map<String, ProcStats.ByteCounters> net = ProcStats.parseNetDev(sample("net-dev-1"));

        assertThat(net).containsOnlyKeys("eth0", "wlan0", "docker0");
        assertThat(net.get("eth0")).isEqualTo(new ProcStats.ByteCounters(820984856, 1862915));
        assertThat(net.get("wlan0")).as("no space after the colon").isEqualTo(new ProcStats.ByteCounters(1000000, 2000000));
    }

    @Test
    void ratesAreDeviceDeltasOverTheTimeBetween() {
        var earlier = Map.of("a", new ProcStats.ByteCounters(1000, 100), "gone", new ProcStats.ByteCounters(5, 5),
                "reset", new ProcStats.ByteCounters(9000, 9000));
        var now = Map.of("a", new ProcStats.ByteCounters(3000, 600), "new", new ProcStats.ByteCounters(7777, 7777),
                "reset", new ProcStats.ByteCounters(10, 10));

        // only "a" counts: "new" has nothing to compare with and "reset" went backwards
        assertThat(ProcStats.rates(earlier, now, 2.0)).isEqualTo(new ProcStats.Rates(1000, 250));
        assertThat(ProcStats.rates(earlier, now, 0)).isEqualTo(ProcStats.Rates.ZERO);
    }

    @Test
    void readsAProcDirectory(@TempDir Path proc) throws Exception {
        writeLoadFiles(proc);
        Files.writeString(proc.resolve("diskstats"), sample("diskstats-1"));
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("net/dev"), sample("net-dev-1"));
        AtomicLong nanos = new AtomicLong(5_000_000_000L);
        ProcHostStats source = new ProcHostStats(proc, nanos::get);
        HostStats first = source.sample();
        // no earlier sample yet: nothing to measure a rate against
        assertThat(first).isEqualTo(new HostStats(0, 7859, 3929, 1.0, 2.0, 3.0, 42, 0, 0, 0, 0));

        Files.writeString(proc.resolve("stat"), STAT_2);
        Files.writeString(proc.resolve("diskstats"), sample("diskstats-2"));
        Files.writeString(proc.resolve("net/dev"), sample("net-dev-2"));
        nanos.addAndGet(10_000_000_000L);
        HostStats stats = source.sample();

        // In those 10 s nvme0n1 read 10 MiB and wrote 2 MiB, sda read 1 MiB; their partitions, dm-0 and
        // zram0 moved too and count nothing. eth0 received 500000 bytes and sent 100000; lo and the new tap0 count nothing.
        assertThat(stats).isEqualTo(new HostStats(50.0, 7859, 3929, 1.0, 2.0, 3.0, 42,
                11 * 1024 * 1024 / 10.0, 2 * 1024 * 1024 / 10.0, 50000, 10000));
    }

    @Test
    void aProcWithoutTrafficFilesStillReportsTheRest(@TempDir Path proc) throws Exception {
        writeLoadFiles(proc);
        ProcHostStats source = new ProcHostStats(proc, System::nanoTime);
        source.sample();
        assertThat(source.sample().memoryTotalMiB()).isEqualTo(7859);
    }

    @Test
    void theRealProcParses() {
        HostStats stats = new ProcHostStats().sample();
        assertThat(stats.memoryTotalMiB()).isPositive();
        assertThat(stats.uptimeSeconds()).isPositive();
        assertThat(ProcStats.parseDiskstats(read("/proc/diskstats"))).as("this machine has a disk").isNotEmpty();
        assertThat(new ProcHostStats().sample().diskReadBytesPerSecond()).isNotNegative();
    }

    /** The files behind CPU, memory, load and uptime, at their first sample. */
    private static void writeLoadFiles(Path proc) throws IOException {
        Files.writeString(proc.resolve("stat"), STAT_1);
        Files.writeString(proc.resolve("meminfo"), MEMINFO);
        Files.writeString(proc.resolve("loadavg"), "1.00 2.00 3.00 1/1 1\n");
        Files.writeString(proc.resolve("uptime"), "42.9 1.0\n");
    }

    private static String sample(String name) {
        try (var in = ProcStatsTest.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
