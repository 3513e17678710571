package dev.flotilla.agent.driver.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.agent.driver.VmState;
import dev.flotilla.agent.stats.ProcStats;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The disk rates of one QEMU VM, from {@code query-blockstats}. Snapshots are taken often (every
 * heartbeat, and whenever the agent lists its VMs), so QEMU is asked at most every {@link #EVERY}
 * and never twice at once; a VM that answered it has no disk is asked again only every
 * {@link #RECHECK_EMPTY}, in case one was hot-plugged. The question is sent without waiting: the
 * answer, on the QMP reader thread, updates the figures the next snapshot reads. So a snapshot
 * never blocks on QEMU, and its rates are those of the previous question (one heartbeat old).
 */
final class DiskRates {

    static final Duration EVERY = Duration.ofSeconds(2);
    static final Duration RECHECK_EMPTY = Duration.ofSeconds(30);

    private final LongSupplier nanoClock;
    private VmState.Disks latest;
    private Map<String, ProcStats.ByteCounters> previous;
    private long previousNanos;
    private long nextQueryNanos;
    private boolean asking;
    private boolean asked;

    /** @param nanoClock a monotonic clock in nanoseconds ({@link System#nanoTime}) */
    DiskRates(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * The latest figures; null before QEMU first answered, or when it did not answer the last
     * question: unknown is not zero. Sends {@code query} when a fresh answer is due. Call it
     * without holding a lock the QMP reader thread may need.
     */
    VmState.Disks current(Supplier<CompletableFuture<JsonNode>> query) {
        synchronized (this) {
            if (asking || (asked && nanoClock.getAsLong() - nextQueryNanos < 0)) {
                return latest;
            }
            asking = true;
            asked = true;
        }
        CompletableFuture<JsonNode> reply;
        try {
            reply = query.get();
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete(this::answered);
        synchronized (this) {
            return latest;
        }
    }

    private synchronized void answered(JsonNode blockstats, Throwable error) {
        long now = nanoClock.getAsLong();
        asking = false;
        Map<String, ProcStats.ByteCounters> totals = error == null ? parse(blockstats) : null;
        if (totals == null) {
            // No figures this time (QMP closed, timed out, or answered something else): the next rate starts afresh.
            latest = null;
            previous = null;
            nextQueryNanos = now + EVERY.toNanos();
            return;
        }
        ProcStats.Rates rates = previous == null ? ProcStats.Rates.ZERO
                : ProcStats.rates(previous, totals, (now - previousNanos) / 1e9);
        latest = new VmState.Disks(totals.size(), rates.inPerSecond(), rates.outPerSecond());
        previous = totals;
        previousNanos = now;
        nextQueryNanos = now + (totals.isEmpty() ? RECHECK_EMPTY : EVERY).toNanos();
    }

    private static Map<String, ProcStats.ByteCounters> parse(JsonNode blockstats) {
        try {
            return BlockStats.parse(blockstats);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
