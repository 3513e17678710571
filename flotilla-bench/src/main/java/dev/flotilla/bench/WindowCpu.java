package dev.flotilla.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * CPU time that named processes spent inside one window (a migration round), from /proc
 * (utime + stime in 10 ms ticks: single rounds are coarse, medians over many rounds are not). It
 * answers finding 15's question: on two cores, who else needs the CPU while QEMU migrates?
 * Processes end inside the window (the source QEMU quits), so a sampler thread reads every meter
 * every 10 ms and keeps the highest reading; the last 10 ms of a process that ends can be lost.
 * A meter that reads 0 at the start (a process launched inside the window) counts from zero.
 */
final class WindowCpu implements AutoCloseable {

    private static final long SAMPLE_MILLIS = 10;
    private final Map<String, DoubleSupplier> meters;
    /** Kept in the order meters were given or added; touched by the caller's thread only. */
    private final Map<String, Double> startSeconds = new LinkedHashMap<>();
    private final Map<String, Double> highest = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean open = true;

    private WindowCpu(Map<String, DoubleSupplier> meters) {
        this.meters = new ConcurrentHashMap<>(meters);
        meters.forEach((name, meter) -> startSeconds.put(name, meter.getAsDouble()));
        sample();
        this.sampler = new Thread(() -> {
            while (open) {
                sample();
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "window-cpu");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts watching each meter (CPU seconds used so far by a process, or a group of them). */
    static WindowCpu start(Map<String, DoubleSupplier> meters) {
        return new WindowCpu(meters);
    }

    /** Adds a meter for a process that started inside the window: all its CPU counts. */
    void add(String name, DoubleSupplier meter) {
        startSeconds.putIfAbsent(name, 0.0);
        meters.putIfAbsent(name, meter);
    }

    /** Ends the window: CPU ms each meter used inside it. */
    Map<String, Double> end() {
        open = false;
        try {
            sampler.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        Map<String, Double> used = new LinkedHashMap<>();
        startSeconds.forEach((name, start) -> used.put(name, Math.max(0, 1000 * (highest.getOrDefault(name, 0.0) - start))));
        return used;
    }

    @Override
    public void close() {
        open = false;
    }

    private synchronized void sample() {
        meters.forEach((name, meter) -> highest.merge(name, meter.getAsDouble(), Math::max));
    }

    /** A meter of one process's CPU seconds; 0 once it is gone (or for pid 0). */
    static DoubleSupplier process(long pid) {
        return () -> {
            try {
                return pid <= 0 ? 0 : ProcessProbe.cpuSecondsOf(pid);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        };
    }
}
