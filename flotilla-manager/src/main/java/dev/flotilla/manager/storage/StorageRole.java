package dev.flotilla.manager.storage;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a storage domain is for: VM disks ({@code data}) or ISO images to boot from ({@code iso}). */
public enum StorageRole {
    DATA, ISO;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<StorageRole> parse(String s) {
        return Arrays.stream(values()).filter(t -> t.label().equalsIgnoreCase(s == null ? "" : s.trim())).findFirst();
    }
}
