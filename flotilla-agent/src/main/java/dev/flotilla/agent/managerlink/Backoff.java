package dev.flotilla.agent.managerlink;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: initial, doubling up to max; each delay is cut by a random
 * share up to {@code jitter} so that a thousand agents losing the same manager do not come back
 * in step. Not thread-safe: one per link.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final double jitter;
    private final DoubleSupplier random;
    private int attempts;

    public Backoff(Duration initial, Duration max, double jitter, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1)");
        }
        this.initial = initial;
        this.max = max;
        this.jitter = jitter;
        this.random = random;
    }

    /** 1 s doubling to 30 s, up to 20 % shorter at random. */
    public static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The delay before the next attempt. */
    public Duration next() {
        long base = initial.toMillis() << Math.min(attempts, 30);
        attempts++;
        return jittered(Math.min(base, max.toMillis()));
    }

    /** The longest delay, jittered: for a problem that will not go away soon. */
    public Duration atMax() {
        attempts = 31;
        return jittered(max.toMillis());
    }

    /** After a success: the next failure starts from the initial delay again. */
    public void reset() {
        attempts = 0;
    }

    public Duration max() {
        return max;
    }

    private Duration jittered(long millis) {
        return Duration.ofMillis(Math.max(1, Math.round(millis * (1 - jitter * random.getAsDouble()))));
    }
}
