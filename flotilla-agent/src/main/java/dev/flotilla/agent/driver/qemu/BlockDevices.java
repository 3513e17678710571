package dev.flotilla.agent.driver.qemu;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.VmDefinition;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The QEMU arguments for a VM's disks. Each disk is two {@code -blockdev} nodes, a protocol node
 * named {@code file<N>} ({@code nfs}, {@code iscsi} or {@code file}) under a format node named
 * {@code drive<N>} ({@code qcow2} or {@code raw}), and one {@code -device}. The protocol node is
 * spelled out rather than left to QEMU's URL parsing of {@code -drive}: a later live snapshot or
 * block-commit reopens exactly these nodes, and with {@code -drive} the libnfs driver could not
 * reopen read-only to read-write (the recipe that works is recorded in issue 3). A CHAP secret
 * reaches QEMU in a file ({@code -object secret,file=…}) that only the agent can read, never in
 * the command line, which every user of the host can see. Pure: nothing is touched here.
 */
final class BlockDevices {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BlockDevices() {}

    /**
     * @param secretFile where the CHAP secret of the disk with this index is (written by the driver)
     */
    static List<String> argv(List<VmDefinition.Disk> disks, IntFunction<Path> secretFile) throws DriverException {
        return argv(disks, false, secretFile);
    }

    /**
     * @param deviceLayout the VM's disks sit at their slots ({@link DiskSlot}), and its virtio-scsi
     *                     controller is there even without a SCSI disk, so a SCSI disk plugged live
     *                     adds no PCI device a migration's target would lack
     */
    static List<String> argv(List<VmDefinition.Disk> disks, boolean deviceLayout, IntFunction<Path> secretFile) throws DriverException {
        List<String> argv = new ArrayList<>();
        boolean scsi = disks.stream().anyMatch(d -> d.bus().equals("virtio-scsi"));
        if (scsi || deviceLayout) {
            argv.addAll(List.of("-device", "virtio-scsi-pci,id=scsi0"));
        }
        int bootIndex = 1;
        for (int i = 0; i < disks.size(); i++) {
            VmDefinition.Disk disk = disks.get(i);
            ObjectNode protocol = protocol(disk, disk.location(), i);
            if (disk.hasChap()) {
                argv.addAll(List.of("-object", "secret,id=chap" + i + ",format=raw,file=" + QemuCommandLine.escape(secretFile.apply(i).toString())));
            }
            protocol.put("node-name", "file" + i).put("read-only", disk.readOnly());
            argv.addAll(List.of("-blockdev", protocol.toString()));
            argv.addAll(chain(disk, i));
            ObjectNode format = JSON.createObjectNode().put("driver", format(disk)).put("node-name", "drive" + i)
                    .put("file", "file" + i).put("read-only", disk.readOnly());
            if (!disk.backing().isEmpty()) {
                format.put("backing", backingNode(i, 0));
            }
            argv.addAll(List.of("-blockdev", format.toString()));
            String device = switch (disk.bus()) {
                case "virtio-blk" -> "virtio-blk-pci,drive=drive" + i + DiskSlot.argv(disk);
                case "virtio-scsi" -> disk.slot() == null ? "scsi-hd,bus=scsi0.0,drive=drive" + i : "scsi-hd,drive=drive" + i + DiskSlot.argv(disk);
                default -> throw invalid(disk, "has bus '" + disk.bus() + "'; use virtio-blk or virtio-scsi");
            };
            // a failed read or write pauses the VM (BLOCK_IO_ERROR, then STOP) instead of reaching the guest,
            // whose file system would turn read-only or corrupt: it resumes once its storage reads again
            device += ",id=" + deviceId(disk) + ",werror=stop,rerror=stop";
            if (disk.bootable()) {
                device += ",bootindex=" + bootIndex++;
            }
            argv.addAll(List.of("-device", device));
        }
        return argv;
    }

    /**
     * The nodes under a disk's active volume (read-only format nodes), lowest first so each names one already
     * made: {@code file<N>b<K>} and {@code drive<N>b<K>} for the K-th backing volume (0 the
     * nearest). The lowest has {@code backing: null}, so QEMU never opens a file by a name written
     * in an image, only the volumes the manager named.
     */
    static List<String> chain(VmDefinition.Disk disk, int i) throws DriverException {
        List<String> argv = new ArrayList<>();
        List<VmDefinition.Backing> chain = disk.backing();
        for (int k = chain.size() - 1; k >= 0; k--) {
            VmDefinition.Backing b = chain.get(k);
            // The protocol node is opened read-write (the format node over it is read-only): a later
            // live merge reopens a backing volume read-write, which QEMU's nfs driver cannot do from
            // a read-only open ("Cannot open a read-only mount as read-write"). auto-read-only lets
            // storage that refuses writing still open read-only.
            ObjectNode protocol = protocol(disk, b.location(), i).put("node-name", "file" + i + "b" + k).put("auto-read-only", true);
            argv.addAll(List.of("-blockdev", protocol.toString()));
            if (!b.format().equals("qcow2") && !b.format().equals("raw")) {
                throw invalid(disk, "has a backing volume of format '" + b.format() + "'");
            }
            ObjectNode format = JSON.createObjectNode().put("driver", b.format()).put("node-name", backingNode(i, k))
                    .put("file", "file" + i + "b" + k).put("read-only", true);
            if (b.format().equals("qcow2")) {
                if (k + 1 < chain.size()) {
                    format.put("backing", backingNode(i, k + 1));
                } else {
                    format.putNull("backing");
                }
            }
            argv.addAll(List.of("-blockdev", format.toString()));
        }
        return argv;
    }

    /** The format node of the K-th volume under disk N's active one. */
    static String backingNode(int disk, int k) {
        return "drive" + disk + "b" + k;
    }

    /** The device id of a disk in QEMU: {@code disk-<disk id>}, so QMP answers name the disk. */
    static String deviceId(VmDefinition.Disk disk) {
        return "disk-" + disk.id();
    }

    private static String format(VmDefinition.Disk disk) throws DriverException {
        if (!disk.format().equals("qcow2") && !disk.format().equals("raw")) {
            throw invalid(disk, "has format '" + disk.format() + "'; use qcow2 or raw");
        }
        return disk.format();
    }

    static ObjectNode protocol(VmDefinition.Disk disk, String location, int index) throws DriverException {
        return protocol(disk, location, "chap" + index);
    }

    /** The protocol node of a volume; an iSCSI one behind CHAP logs in with the secret object {@code secretId}. */
    static ObjectNode protocol(VmDefinition.Disk disk, String location, String secretId) throws DriverException {
        ObjectNode node = JSON.createObjectNode();
        if (location.startsWith("/")) {
            return node.put("driver", "file").put("filename", location);
        }
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            throw invalid(disk, "has a location that is not a URL or path: " + location);
        }
        if ("nfs".equals(uri.getScheme()) && uri.getHost() != null && uri.getPath() != null && uri.getPath().length() > 1) {
            node.put("driver", "nfs").putObject("server").put("type", "inet").put("host", uri.getHost());
            return node.put("path", uri.getPath());
        }
        if ("iscsi".equals(uri.getScheme()) && uri.getHost() != null) {
            String[] parts = uri.getPath().split("/");
            if (parts.length != 3 || !parts[2].matches("\\d+")) {
                throw invalid(disk, "has an iSCSI location that is not iscsi://host:port/target/lun: " + location);
            }
            node.put("driver", "iscsi").put("transport", "tcp")
                    .put("portal", uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 3260))
                    .put("target", parts[1]).put("lun", Integer.parseInt(parts[2]));
            if (disk.hasChap()) {
                node.put("user", disk.chapUser()).put("password-secret", secretId);
            }
            return node;
        }
        throw invalid(disk, "has a location QEMU cannot open: " + location);
    }

    private static DriverException invalid(VmDefinition.Disk disk, String why) {
        return new DriverException(DriverException.Code.INVALID_SPEC, "disk " + disk.id() + " " + why);
    }
}
