package dev.flotilla.manager.storage;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How hosts reach a storage domain. File domains hold image files; an iSCSI domain holds LUNs, one disk each. */
public enum StorageType {
    NFS, ISCSI, POSIX, LOCAL;

    /** The name in the API: {@code nfs}, {@code iscsi}, {@code posix}, {@code local}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean holdsFiles() {
        return this != ISCSI;
    }

    public static Optional<StorageType> parse(String s) {
        return Arrays.stream(values()).filter(t -> t.label().equalsIgnoreCase(s == null ? "" : s.trim())).findFirst();
    }
}
