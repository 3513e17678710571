package dev.flotilla.manager.storage;

import java.util.Locale;

/** Byte counts as people read them: {@code 512 bytes}, {@code 1 GiB}, {@code 1.5 GiB}. */
public final class Bytes {

    public static final long MIB = 1024L * 1024;
    public static final long GIB = 1024 * MIB;
    private static final String[] UNITS = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Bytes() {
    }

    public static String human(long bytes) {
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0) {
            return bytes + " bytes";
        }
        return value == Math.rint(value) ? (long) value + " " + UNITS[unit] : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
