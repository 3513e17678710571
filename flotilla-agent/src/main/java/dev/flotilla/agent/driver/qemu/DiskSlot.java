package dev.flotilla.agent.driver.qemu;

import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.VmDefinition;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a disk's device sits in QEMU, from the slot the manager chose for it. QEMU's migration
 * matches device state by address (the PCI path, the SCSI id), so a target started with
 * {@code -incoming} must place every device exactly where the source has it; with explicit slots
 * it does, whatever was plugged or unplugged while the VM ran, instead of following the order of
 * the disks. A virtio-blk disk of slot 0-14 sits on the root bus at {@code addr 0x10 + slot}
 * (high enough that devices QEMU places itself, which take the lowest free addresses, never
 * collide); one of slot 100 and up sits behind hot-plug root port {@code slot - 100} (q35's root
 * bus takes no hot-plugged device). A virtio-scsi disk uses its slot as its scsi-id on the
 * controller.
 */
final class DiskSlot {

    static final int FIRST_ROOT_ADDRESS = 0x10;
    /** 0x10-0x1e: 0x1f holds the ICH9 functions of q35. */
    static final int ROOT_SLOTS = 15;
    static final int FIRST_PORT_SLOT = 100;
    /** virtio-scsi's highest target id. */
    private static final int MAX_SCSI_ID = 255;

    private DiskSlot() {
    }

    /**
     * The device properties that place the disk ({@code bus}, {@code addr} or {@code scsi-id},
     * {@code lun}); empty for a disk without a slot, which QEMU places by its order.
     */
    static Map<String, Object> placement(VmDefinition.Disk disk) throws DriverException {
        Map<String, Object> where = new LinkedHashMap<>();
        Integer slot = disk.slot();
        if (slot == null) {
            return where;
        }
        switch (disk.bus()) {
            case "virtio-blk" -> {
                if (slot >= 0 && slot < ROOT_SLOTS) {
                    where.put("bus", "pcie.0");
                    where.put("addr", "0x" + Integer.toHexString(FIRST_ROOT_ADDRESS + slot));
                } else if (slot >= FIRST_PORT_SLOT && slot < FIRST_PORT_SLOT + DiskHotplug.ROOT_PORTS) {
                    where.put("bus", DiskHotplug.port(slot - FIRST_PORT_SLOT));
                } else {
                    throw invalid(disk, "0-" + (ROOT_SLOTS - 1) + " or " + FIRST_PORT_SLOT + "-" + (FIRST_PORT_SLOT + DiskHotplug.ROOT_PORTS - 1));
                }
            }
            case "virtio-scsi" -> {
                if (slot < 0 || slot > MAX_SCSI_ID) {
                    throw invalid(disk, "0-" + MAX_SCSI_ID);
                }
                where.put("bus", DiskHotplug.SCSI_CONTROLLER + ".0");
                where.put("scsi-id", slot);
                where.put("lun", 0);
            }
            default -> { } // the CD-ROM drive sits on the built-in AHCI controller: nothing to place
        }
        return where;
    }

    /** The placement as command-line properties: ",bus=pcie.0,addr=0x10"; empty without a slot. */
    static String argv(VmDefinition.Disk disk) throws DriverException {
        StringBuilder b = new StringBuilder();
        placement(disk).forEach((k, v) -> b.append(',').append(k).append('=').append(v));
        return b.toString();
    }

    private static DriverException invalid(VmDefinition.Disk disk, String range) {
        return new DriverException(DriverException.Code.INVALID_SPEC,
                "disk %s has slot %d; a %s disk takes %s".formatted(disk.id(), disk.slot(), disk.bus(), range));
    }
}
