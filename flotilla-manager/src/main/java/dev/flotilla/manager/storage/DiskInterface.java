package dev.flotilla.manager.storage;

import java.util.Arrays;
import java.util.Optional;

/** How the guest sees a disk: a virtio-blk device of its own, or a disk on a virtio-scsi controller. */
public enum DiskInterface {
    VIRTIO_BLK("virtio-blk"), VIRTIO_SCSI("virtio-scsi");

    private final String label;

    DiskInterface(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<DiskInterface> parse(String s) {
        return Arrays.stream(values()).filter(i -> i.label.equalsIgnoreCase(s == null ? "" : s.trim())).findFirst();
    }
}
