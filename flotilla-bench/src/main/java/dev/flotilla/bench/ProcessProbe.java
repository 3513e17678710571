package dev.flotilla.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads another process's CPU time and resident memory from /proc, and its Java heap through jcmd.
 * The manager's embedded PostgreSQL is started through pg_ctl and so is not the JVM's child: its
 * postmaster is found from {@code postmaster.pid} in its data directory, and {@link #dbCpuSeconds()}
 * adds up the postmaster and its backends (the pool keeps its backends for the whole run, so little
 * is lost to backends that exit).
 */
record ProcessProbe(long pid, Path postmasterPidFile) {

    /** Linux reports utime and stime in clock ticks; USER_HZ is 100 on every kernel we run on. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");

    /** CPU used so far by the manager's JVM and by its PostgreSQL, and when. */
    record Mark(double jvmSeconds, double dbSeconds, long nanos) {
    }

    Mark mark() throws IOException {
        return new Mark(cpuSeconds(), dbCpuSeconds(), System.nanoTime());
    }

    /** "JVM x%, PostgreSQL y%" of one core since the mark. */
    String cpuSince(Mark m) throws IOException {
        Mark now = mark();
        double wall = (now.nanos() - m.nanos()) / 1e9;
        return "manager JVM %.0f%%, PostgreSQL %.0f%% of a core".formatted(100 * (now.jvmSeconds() - m.jvmSeconds()) / wall,
                100 * (now.dbSeconds() - m.dbSeconds()) / wall);
    }

    /** utime + stime of the process itself, in seconds. */
    double cpuSeconds() throws IOException {
        return cpuSecondsOf(pid);
    }

    /** utime + stime of the PostgreSQL postmaster and its living backends, in seconds; 0 when there is none. */
    double dbCpuSeconds() {
        long postmaster;
        try {
            postmaster = Long.parseLong(Files.readAllLines(postmasterPidFile).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return 0; // an external database, or not started yet
        }
        return ProcessHandle.of(postmaster).stream().flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants())).mapToDouble(p -> {
            try {
                return cpuSecondsOf(p.pid());
            } catch (IOException | RuntimeException e) {
                return 0; // exited meanwhile
            }
        }).sum();
    }

    static double cpuSecondsOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // the command name in parentheses may hold spaces: count fields after the last ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }

    long rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
            }
        }
        return -1;
    }

    /** Used heap in MiB from {@code jcmd <pid> GC.heap_info}, -1 when jcmd cannot tell. */
    long heapUsedMiB() {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(30, TimeUnit.SECONDS);
            Matcher m = HEAP.matcher(out);
            return m.find() ? Long.parseLong(m.group(2)) / 1024 : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
