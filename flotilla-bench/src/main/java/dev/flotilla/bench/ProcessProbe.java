package dev.flotilla.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads another process's CPU time and resident memory from /proc, and its Java heap through jcmd. */
record ProcessProbe(long pid) {

    /** Linux reports utime and stime in clock ticks; USER_HZ is 100 on every kernel we run on. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");

    /** utime + stime in seconds. */
    double cpuSeconds() throws IOException {
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
