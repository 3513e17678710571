package dev.flotilla.manager.identity.access;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of object a permission can be granted on. */
public enum SecuredType {
    SYSTEM, DATACENTER, CLUSTER, HOST, STORAGE_DOMAIN, TEMPLATE, VM, DISK;

    public String label() {
        return name().toLowerCase();
    }

    public static Optional<SecuredType> parse(String label) {
        return Arrays.stream(values()).filter(t -> t.label().equalsIgnoreCase(label == null ? "" : label.trim())).findFirst();
    }
}
