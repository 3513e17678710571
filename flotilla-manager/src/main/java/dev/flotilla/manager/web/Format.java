package dev.flotilla.manager.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How the console writes durations, times and sizes, so every page writes them alike. */
final class Format {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private Format() {
    }

    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    /** "3d 4h", "2h 05m", "4m 10s", "12s": the two largest units are enough to read at a glance. */
    static String duration(long seconds) {
        long d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60, s = seconds % 60;
        if (d > 0) {
            return "%dd %dh".formatted(d, h);
        }
        if (h > 0) {
            return "%dh %02dm".formatted(h, m);
        }
        return m > 0 ? "%dm %02ds".formatted(m, s) : s + "s";
    }

    static String ago(Instant then, Instant now) {
        return then == null ? "never" : duration(Math.max(0, Duration.between(then, now).toSeconds())) + " ago";
    }

    static String mib(long mib) {
        return mib >= 1024 && mib % 1024 == 0 ? (mib / 1024) + " GiB" : mib + " MiB";
    }

    static String percent(double p) {
        return "%.1f %%".formatted(p);
    }

    /** "0 B/s", "512 B/s", "1.5 KiB/s", "20 MiB/s": binary units, as the charts' axes write them. */
    static String rate(double bytesPerSecond) {
        String[] units = {"B/s", "KiB/s", "MiB/s", "GiB/s"};
        int unit = 0;
        double n = bytesPerSecond;
        while (n >= 1024 && unit < units.length - 1) {
            n /= 1024;
            unit++;
        }
        return (n >= 10 || n == Math.rint(n) ? "%.0f %s" : "%.1f %s").formatted(n, units[unit]);
    }

    /**
     * What a VM's devices of one kind move: "no disks", "1 disk: 1.5 MiB/s read, 0 B/s written", or
     * "—" when its host did not measure them.
     */
    static String devices(Integer count, String noun, Double in, String inVerb, Double out, String outVerb) {
        if (count == null) {
            return "—";
        }
        if (count == 0) {
            return "no " + noun + "s";
        }
        return "%d %s%s: %s".formatted(count, noun, count == 1 ? "" : "s", rates(in == null ? 0 : in, inVerb, out == null ? 0 : out, outVerb));
    }

    /** "1.5 MiB/s read, 12 KiB/s written" */
    static String rates(double in, String inVerb, double out, String outVerb) {
        return rate(in) + " " + inVerb + ", " + rate(out) + " " + outVerb;
    }
}
