package dev.flotilla.cli.output;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Cell text for the values tables show: absent values as "-", sizes and times made short. */
public final class Cells {

    private Cells() {}

    /** A dash rather than an empty cell, so columns stay countable with awk. */
    public static String text(Object value) {
        if (value == null) {
            return "-";
        }
        String s = value.toString();
        return s.isEmpty() ? "-" : s;
    }

    /** 512MiB, 2GiB, 1.5GiB: no space, again for awk. */
    public static String mebibytes(Number mib) {
        if (mib == null) {
            return "-";
        }
        long value = mib.longValue();
        if (value < 1024) {
            return value + "MiB";
        }
        if (value % 1024 == 0) {
            return value / 1024 + "GiB";
        }
        return String.format(java.util.Locale.ROOT, "%.1fGiB", value / 1024.0);
    }

    /** 512B, 64MiB, 10GiB, 1.5TiB: byte counts made short, again without a space. */
    public static String bytes(Number bytes) {
        if (bytes == null) {
            return "-";
        }
        double value = bytes.doubleValue();
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return value == Math.rint(value) ? (long) value + units[unit] : String.format(java.util.Locale.ROOT, "%.1f%s", value, units[unit]);
    }

    /** An ISO instant cut to whole seconds; anything unparsable is shown as sent. */
    public static String time(String iso) {
        if (iso == null) {
            return "-";
        }
        try {
            return Instant.parse(iso).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    public static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
