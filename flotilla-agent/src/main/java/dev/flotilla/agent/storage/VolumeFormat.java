package dev.flotilla.agent.storage;

import java.util.Locale;

/** A disk image format: qcow2 (thin, may have a backing file) or raw (preallocated, no layers). */
public enum VolumeFormat {
    QCOW2, RAW;

    /** The name qemu-img uses, {@code qcow2} or {@code raw}. */
    public String qemuName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format named by qemu-img; {@code null} for any other (vmdk, vpc…), which Flotilla does not make. */
    static VolumeFormat ofQemuName(String name) {
        for (VolumeFormat f : values()) {
            if (f.qemuName().equals(name)) {
                return f;
            }
        }
        return null;
    }
}
