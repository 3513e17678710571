package dev.flotilla.manager.storage;

import java.util.Collection;
import java.util.Optional;

/**
 * The slot a disk plugged into a running VM takes (the agent turns a slot into a PCI address or a
 * SCSI id; see DiskSpec.slot in the protocol). A start numbers the VM's disks of each interface 0,
 * 1, 2… in the order its guest sees them; a virtio-blk disk plugged live takes one of the VM's hot-plug root ports,
 * slots {@value #FIRST_PORT_SLOT} and up, and a virtio-scsi disk the lowest free SCSI id. Pure.
 */
public final class DiskSlots {

    /** The first hot-plug root port's slot. */
    public static final int FIRST_PORT_SLOT = 100;
    /** Root ports every VM starts with, each able to take one plugged virtio-blk disk (the agent's count). */
    public static final int PORTS = 4;
    private static final int MAX_SCSI_ID = 255;

    private DiskSlots() {
    }

    /** The slot for a disk plugged live beside the VM's disks of the same interface at {@code taken}; empty when every place is taken. */
    public static Optional<Integer> forLivePlug(DiskInterface bus, Collection<Integer> taken) {
        int from = bus == DiskInterface.VIRTIO_BLK ? FIRST_PORT_SLOT : 0;
        int to = bus == DiskInterface.VIRTIO_BLK ? FIRST_PORT_SLOT + PORTS - 1 : MAX_SCSI_ID;
        for (int slot = from; slot <= to; slot++) {
            if (!taken.contains(slot)) {
                return Optional.of(slot);
            }
        }
        return Optional.empty();
    }
}
