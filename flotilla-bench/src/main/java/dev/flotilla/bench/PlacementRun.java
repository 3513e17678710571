package dev.flotilla.bench;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Creates and starts VMs through the API from a few client threads. The start call is the
 * placement: a scheduler pass over the cluster, the command to the chosen host and its answer.
 * Latencies are also kept per quarter of the fill, because a placement that reads every placed VM
 * gets slower as the cluster fills.
 */
final class PlacementRun {

    record Result(Latencies creates, Latencies starts, Latencies[] quarters, int started, int failed, String firstFailure,
                  double seconds) {
    }

    static Result run(Api api, int total, int clients, int cpus, long memoryMiB, Duration budget) throws InterruptedException {
        Latencies creates = new Latencies();
        Latencies starts = new Latencies();
        Latencies[] quarters = {new Latencies(), new Latencies(), new Latencies(), new Latencies()};
        AtomicInteger next = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long t0 = System.nanoTime();
        long deadline = budget.isZero() ? Long.MAX_VALUE : t0 + budget.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                int i;
                while ((i = next.getAndIncrement()) < total && System.nanoTime() < deadline) {
                    try {
                        String name = "bench-vm-%06d".formatted(i);
                        String id = creates.time(() -> api.createVm(name, cpus, memoryMiB));
                        long s = System.nanoTime();
                        api.startVm(id);
                        long took = System.nanoTime() - s;
                        starts.recordNanos(took);
                        quarters[Math.min(3, i * 4 / total)].recordNanos(took);
                        int n = started.incrementAndGet();
                        if (n % 1000 == 0) {
                            System.err.printf("  %d VMs started, last start %.1f ms%n", n, took / 1e6);
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(365, TimeUnit.DAYS);
        return new Result(creates, starts, quarters, started.get(), failed.get(), firstFailure.get(),
                (System.nanoTime() - t0) / 1e9);
    }
}
