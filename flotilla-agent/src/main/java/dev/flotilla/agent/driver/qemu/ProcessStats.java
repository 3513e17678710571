package dev.flotilla.agent.driver.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU and memory of one QEMU process from /proc. CPU% is measured between two calls (100% = one
 * host core), so each caller sees the load since it last asked; the first call measures since
 * the process started.
 */
final class ProcessStats {

    /** One reading. */
    record Sample(double cpuPercent, long rssMiB, long uptimeSeconds) {
        static final Sample NONE = new Sample(0, 0, 0);
    }

    // USER_HZ: 100 on every Linux architecture the agent runs on; /proc reports CPU times in it.
    private static final long TICKS_PER_SECOND = 100;

    private final long pid;
    private long lastTicks = -1;
    private long lastNanos;

    ProcessStats(long pid) {
        this.pid = pid;
    }

    synchronized Sample sample() {
        try {
            return measure(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            // Gone between two looks, or a format this code does not know: no figures rather than no list.
            return Sample.NONE;
        }
    }

    private Sample measure(String stat) {
        // Fields after the command name (which may hold spaces) start at field 3, "state".
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);       // utime + stime
        long startTicks = Long.parseLong(fields[19]);                                // starttime, since boot
        long rssPages = Long.parseLong(fields[21]);
        long now = System.nanoTime();
        double uptime = secondsSinceBoot() - (double) startTicks / TICKS_PER_SECOND;
        double cpu;
        if (lastTicks < 0) {
            cpu = uptime > 0 ? 100.0 * ticks / TICKS_PER_SECOND / uptime : 0;
        } else {
            double seconds = (now - lastNanos) / 1e9;
            cpu = seconds > 0 ? 100.0 * (ticks - lastTicks) / TICKS_PER_SECOND / seconds : 0;
        }
        lastTicks = ticks;
        lastNanos = now;
        long rssMiB = rssPages * 4096 / (1024 * 1024);
        return new Sample(Math.max(0, cpu), rssMiB, Math.max(0, (long) uptime));
    }

    private static double secondsSinceBoot() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
