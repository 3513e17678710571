package dev.flotilla.agent.stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Host statistics of this machine, read from /proc. CPU percent is measured since the previous sample. */
public final class ProcHostStats implements HostStatsSource {

    private final Path proc;
    private ProcStats.CpuTimes previous;

    public ProcHostStats() {
        this(Path.of("/proc"));
    }

    /** @param proc the proc file system; a directory of sample files in tests */
    public ProcHostStats(Path proc) {
        this.proc = proc;
    }

    @Override
    public synchronized HostStats sample() {
        ProcStats.CpuTimes now = ProcStats.parseStat(read("stat"));
        double cpu = previous == null ? 0 : now.busyPercentSince(previous);
        previous = now;
        ProcStats.MemInfo mem = ProcStats.parseMeminfo(read("meminfo"));
        ProcStats.LoadAverage load = ProcStats.parseLoadavg(read("loadavg"));
        long uptime = ProcStats.parseUptimeSeconds(read("uptime"));
        return new HostStats(cpu, mem.totalMiB(), mem.usedMiB(), load.load1(), load.load5(), load.load15(), uptime);
    }

    private String read(String name) {
        try {
            return Files.readString(proc.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + proc.resolve(name), e);
        }
    }
}
