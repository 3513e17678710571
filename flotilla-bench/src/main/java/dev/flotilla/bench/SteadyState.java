package dev.flotilla.bench;

import java.io.IOException;
import java.time.Duration;

/**
 * The manager with its fleet and nothing else to do: CPU every 5 s (mean and the busiest 5 s),
 * resident memory and used heap. Nothing calls the API meanwhile, so this is the cost of
 * heartbeats, silence checks and whatever the manager schedules on its own.
 */
final class SteadyState {

    record Result(double meanCpuPercent, double maxCpuPercent, double meanDbCpuPercent, long maxRssMiB, long heapUsedMiB, double seconds) {
    }

    static Result sample(ProcessProbe probe, Duration window) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        double cpu0 = probe.cpuSeconds();
        double db0 = probe.dbCpuSeconds();
        double prevCpu = cpu0;
        long prevT = t0;
        double maxCpu = 0;
        long maxRss = probe.rssMiB();
        while (System.nanoTime() - t0 < window.toNanos()) {
            Thread.sleep(5000);
            long t = System.nanoTime();
            double cpu = probe.cpuSeconds();
            maxCpu = Math.max(maxCpu, percent(cpu - prevCpu, t - prevT));
            maxRss = Math.max(maxRss, probe.rssMiB());
            prevCpu = cpu;
            prevT = t;
        }
        double mean = percent(prevCpu - cpu0, prevT - t0);
        double db = percent(probe.dbCpuSeconds() - db0, prevT - t0);
        // jcmd after the window: it starts a JVM of its own, which would load the machine during it
        long heap = probe.heapUsedMiB();
        return new Result(mean, maxCpu, db, maxRss, heap, (prevT - t0) / 1e9);
    }

    /** CPU seconds over wall time, in percent of one core. */
    static double percent(double cpuSeconds, long wallNanos) {
        return 100.0 * cpuSeconds / (wallNanos / 1e9);
    }
}
