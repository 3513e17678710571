package dev.flotilla.agent.stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Host statistics of this machine, read from /proc. CPU percent and the disk and network rates
 * are measured since the previous sample (0 in the first). The network figures are those of the
 * agent's own network namespace, which is the host's unless the agent was put in a container.
 */
public final class ProcHostStats implements HostStatsSource {

    private final Path proc;
    private final LongSupplier nanoClock;
    private ProcStats.CpuTimes previous;
    private Map<String, ProcStats.ByteCounters> previousDisks;
    private Map<String, ProcStats.ByteCounters> previousNet;
    private long previousNanos;

    public ProcHostStats() {
        this(Path.of("/proc"), System::nanoTime);
    }

    /**
     * @param proc      the proc file system; a directory of sample files in tests
     * @param nanoClock a monotonic clock in nanoseconds ({@link System#nanoTime}): rates divide by the time between samples
     */
    public ProcHostStats(Path proc, LongSupplier nanoClock) {
        this.proc = proc;
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized HostStats sample() {
        long nanos = nanoClock.getAsLong();
        ProcStats.CpuTimes now = ProcStats.parseStat(read("stat"));
        double cpu = previous == null ? 0 : now.busyPercentSince(previous);
        ProcStats.MemInfo mem = ProcStats.parseMeminfo(read("meminfo"));
        ProcStats.LoadAverage load = ProcStats.parseLoadavg(read("loadavg"));
        long uptime = ProcStats.parseUptimeSeconds(read("uptime"));
        Map<String, ProcStats.ByteCounters> disks = ProcStats.parseDiskstats(readIfPresent("diskstats"));
        Map<String, ProcStats.ByteCounters> net = ProcStats.parseNetDev(readIfPresent("net/dev"));
        double seconds = (nanos - previousNanos) / 1e9;
        ProcStats.Rates disk = previous == null ? ProcStats.Rates.ZERO : ProcStats.rates(previousDisks, disks, seconds);
        ProcStats.Rates network = previous == null ? ProcStats.Rates.ZERO : ProcStats.rates(previousNet, net, seconds);
        previous = now;
        previousDisks = disks;
        previousNet = net;
        previousNanos = nanos;
        return new HostStats(cpu, mem.totalMiB(), mem.usedMiB(), load.load1(), load.load5(), load.load15(), uptime,
                disk.inPerSecond(), disk.outPerSecond(), network.inPerSecond(), network.outPerSecond());
    }

    private String read(String name) {
        try {
            return Files.readString(proc.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + proc.resolve(name), e);
        }
    }

    /** A sandboxed /proc may lack a traffic file: that host reports no traffic rather than no stats at all. */
    private String readIfPresent(String name) {
        return Files.isReadable(proc.resolve(name)) ? read(name) : "";
    }
}
