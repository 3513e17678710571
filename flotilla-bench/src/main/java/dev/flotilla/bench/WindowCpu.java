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
 * A process that ends inside the window (the source QEMU quits) is read by a sampler thread every
 * 10 ms, keeping the highest reading (its last 10 ms can be lost); the others are read at the start
 * and the end only, since reading them costs CPU too (PostgreSQL's meter walks /proc for its
 * backends) and would be counted against the benchmark's own JVM.
 */
final class WindowCpu implements AutoCloseable {

    private static final long SAMPLE_MILLIS = 10;
    private final Map<String, DoubleSupplier> meters;
    private final DoubleSupplier ending;
    private final String endingName;
    /** Kept in the order meters were given or added; touched by the caller's thread only. */
    private final Map<String, Double> startSeconds = new LinkedHashMap<>();
    private final Map<String, Double> highest = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean open = true;

    private WindowCpu(Map<String, DoubleSupplier> meters, String endingName) {
        this.meters = new ConcurrentHashMap<>(meters);
        this.endingName = endingName;
        this.ending = meters.get(endingName);
        meters.forEach((name, meter) -> startSeconds.put(name, meter.getAsDouble()));
        sampleAll();
        this.sampler = new Thread(() -> {
            while (open) {
                highest.merge(endingName, ending.getAsDouble(), Math::max);
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

    /**
     * Starts watching each meter (CPU seconds used so far by a process, or a group of them);
     * {@code endingName} names the one whose process may end inside the window.
     */
    static WindowCpu start(Map<String, DoubleSupplier> meters, String endingName) {
        return new WindowCpu(meters, endingName);
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
        sampleAll();
        Map<String, Double> used = new LinkedHashMap<>();
        startSeconds.forEach((name, start) -> used.put(name, Math.max(0, 1000 * (highest.getOrDefault(name, 0.0) - start))));
        return used;
    }

    @Override
    public void close() {
        open = false;
    }

    private void sampleAll() {
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
