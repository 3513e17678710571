package dev.flotilla.manager.storage;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A disk image's format: qcow2 grows as the guest writes (thin), raw takes its whole size at once (preallocated). */
public enum DiskFormat {
    QCOW2, RAW;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DiskFormat> parse(String s) {
        return Arrays.stream(values()).filter(f -> f.label().equalsIgnoreCase(s == null ? "" : s.trim())).findFirst();
    }
}
