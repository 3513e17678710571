package dev.flotilla.it;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls until something holds, with a deadline. Deadlines are generous (a busy CI machine runs
 * QEMU under TCG) and are never asserted on: only the outcome is.
 */
final class Await {

    private static final Duration POLL = Duration.ofMillis(500);

    private Await() {
    }

    /**
     * Returns the first value of {@code probe} that passes {@code done}. A probe that throws
     * (the manager restarting, say) counts as not yet. On timeout the error says what was awaited,
     * the last value or failure seen, and {@code context} (log tails) to explain it.
     */
    static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<T> done, Supplier<String> context) {
        Instant deadline = Instant.now().plus(timeout);
        Object last = null;
        while (true) {
            try {
                T value = probe.get();
                if (done.test(value)) {
                    return value;
                }
                last = value;
            } catch (RuntimeException e) {
                last = e;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + "; last seen: " + last
                        + "\n" + context.get());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
