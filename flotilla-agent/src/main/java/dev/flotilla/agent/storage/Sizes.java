package dev.flotilla.agent.storage;

/** Byte counts as people read them in messages. */
final class Sizes {
    private static final String[] UNITS = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Sizes() {}

    /** e.g. {@code 1 GiB}, {@code 1.5 GiB}, {@code 512 bytes}. */
    static String human(long bytes) {
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0) {
            return bytes + " bytes";
        }
        String number = value == Math.rint(value) ? String.valueOf((long) value) : String.format("%.1f", value);
        return number + " " + UNITS[unit];
    }
}
