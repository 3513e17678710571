package dev.flotilla.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** A latency histogram in microseconds, recorded from many threads, summarised in milliseconds. */
final class Latencies {

    private final Histogram histogram = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);

    void recordNanos(long nanos) {
        histogram.recordValue(Math.max(0, Math.min(nanos / 1000, histogram.getHighestTrackableValue())));
    }

    /** Times one call. */
    <T> T time(java.util.concurrent.Callable<T> call) throws Exception {
        long t0 = System.nanoTime();
        try {
            return call.call();
        } finally {
            recordNanos(System.nanoTime() - t0);
        }
    }

    long count() {
        return histogram.getTotalCount();
    }

    double percentileMs(double p) {
        return histogram.getValueAtPercentile(p) / 1000.0;
    }

    double maxMs() {
        return histogram.getMaxValue() / 1000.0;
    }

    double meanMs() {
        return histogram.getMean() / 1000.0;
    }

    /** "p50 / p90 / p99 / max (n)" in ms. */
    String summary() {
        if (count() == 0) {
            return "no samples";
        }
        return "%s / %s / %s / %s ms (n=%d)".formatted(ms(percentileMs(50)), ms(percentileMs(90)), ms(percentileMs(99)),
                ms(maxMs()), count());
    }

    /** "min / median / max" in ms, for a handful of samples where p99 would only be the max again. */
    String minMedianMax() {
        if (count() == 0) {
            return "no samples";
        }
        return "%s / %s / %s".formatted(ms(histogram.getMinValue() / 1000.0), ms(percentileMs(50)), ms(maxMs()));
    }

    static String ms(double v) {
        return v >= 100 ? "%.0f".formatted(v) : "%.1f".formatted(v);
    }
}
