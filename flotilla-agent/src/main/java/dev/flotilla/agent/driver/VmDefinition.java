package dev.flotilla.agent.driver;

import java.util.List;
import java.util.UUID;

/**
 * What to run: the driver's view of a VM spec.
 *
 * @param deviceLayout whether each disk sits at its {@link Disk#slot()} (and the virtio-scsi
 *                     controller is always there): the same devices on a migration's target as on
 *                     its source, whatever was plugged or unplugged live. False for a VM the
 *                     manager started before slots existed, whose devices follow their order.
 */
public record VmDefinition(UUID id, String name, int cpus, long memoryMiB, Boot boot, List<Disk> disks, boolean deviceLayout) {

    public VmDefinition {
        // definition.json written by an agent before disks existed has none
        disks = disks == null ? List.of() : List.copyOf(disks);
    }

    /** Devices laid out by their order, as before slots existed. */
    public VmDefinition(UUID id, String name, int cpus, long memoryMiB, Boot boot, List<Disk> disks) {
        this(id, name, cpus, memoryMiB, boot, disks, false);
    }

    /** A VM without disks (direct kernel boot). */
    public VmDefinition(UUID id, String name, int cpus, long memoryMiB, Boot boot) {
        this(id, name, cpus, memoryMiB, boot, List.of());
    }

    /** Direct kernel boot; initrd and cmdline may be empty. Paths are on the host. */
    public record Boot(String kernel, String initrd, String cmdline) {
        public static final Boot NONE = new Boot("", "", "");
        public boolean hasKernel() { return kernel != null && !kernel.isBlank(); }
    }

    /**
     * One disk as the guest sees it, in the order of {@link #disks()} (the first virtio-blk disk
     * is vda).
     *
     * @param location   where QEMU opens the volume: {@code nfs://server/path}, {@code iscsi://host:port/iqn/lun} or a path
     * @param format     {@code qcow2} or {@code raw}
     * @param chapUser   the iSCSI CHAP user, empty without CHAP
     * @param chapSecret the CHAP secret; never written to disk (see {@link #withoutSecrets()}) nor put on a command line
     * @param bus        {@code virtio-blk} or {@code virtio-scsi}
     * @param slot       where the device sits, chosen by the manager (the driver says what a number means); null: by its order in the list
     */
    public record Disk(String id, String volumeId, String location, String format, String chapUser, String chapSecret,
                       String bus, boolean bootable, boolean readOnly, List<Backing> backing, Integer slot) {
        public Disk {
            chapUser = chapUser == null ? "" : chapUser;
            chapSecret = chapSecret == null ? "" : chapSecret;
            bus = bus == null || bus.isBlank() ? "virtio-blk" : bus;
            // definition.json written before snapshots existed has no chain
            backing = backing == null ? List.of() : List.copyOf(backing);
        }

        public Disk(String id, String volumeId, String location, String format, String chapUser, String chapSecret,
                    String bus, boolean bootable, boolean readOnly, List<Backing> backing) {
            this(id, volumeId, location, format, chapUser, chapSecret, bus, bootable, readOnly, backing, null);
        }

        /** The same disk at {@code where}. */
        public Disk at(Integer where) {
            return new Disk(id, volumeId, location, format, chapUser, chapSecret, bus, bootable, readOnly, backing, where);
        }

        /** A disk of one volume. */
        public Disk(String id, String volumeId, String location, String format, String chapUser, String chapSecret,
                    String bus, boolean bootable, boolean readOnly) {
            this(id, volumeId, location, format, chapUser, chapSecret, bus, bootable, readOnly, List.of());
        }

        public boolean hasChap() {
            return !chapUser.isEmpty();
        }

        @Override
        public String toString() {
            return "Disk[" + id + " " + location + (readOnly ? " ro" : " rw") + "]";
        }
    }

    /**
     * One volume under a disk's active volume (a snapshot's state, a template's volume), nearest
     * first; QEMU opens each as its own read-only node.
     */
    public record Backing(String volumeId, String location, String format) {
    }

    /** The same VM with other disks (a disk plugged or unplugged live). */
    public VmDefinition withDisks(List<Disk> changed) {
        return new VmDefinition(id, name, cpus, memoryMiB, boot, changed, deviceLayout);
    }

    /** The definition as it may be stored: CHAP secrets left out (a running QEMU no longer needs them). */
    public VmDefinition withoutSecrets() {
        return new VmDefinition(id, name, cpus, memoryMiB, boot, disks.stream()
                .map(d -> new Disk(d.id(), d.volumeId(), d.location(), d.format(), d.chapUser(), "", d.bus(), d.bootable(), d.readOnly(),
                        d.backing(), d.slot()))
                .toList(), deviceLayout);
    }
}
