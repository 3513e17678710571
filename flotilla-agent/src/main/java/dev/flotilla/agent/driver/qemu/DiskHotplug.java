package dev.flotilla.agent.driver.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.VmDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Disks plugged into and unplugged from a running VM over QMP. Plug: {@code blockdev-add} of the
 * same nodes {@link BlockDevices} puts on a command line (a protocol node, a format node, and a
 * read-only node per backing volume), under a number no node of the VM uses yet, then
 * {@code device_add} on a free PCIe root port ({@link #ROOT_PORTS} of them are on every VM's command
 * line: q35's root bus takes no hot-plugged devices). Unplug: {@code device_del}, then the guest's
 * release awaited as QEMU's DEVICE_DELETED event, then {@code blockdev-del} of the disk's nodes.
 * Either way a failure undoes what was added, so QEMU is as before and the caller's definition
 * stays true.
 */
final class DiskHotplug {

    /** PCIe root ports every VM starts with, each able to take one plugged device. */
    static final int ROOT_PORTS = 4;
    static final String SCSI_CONTROLLER = "scsi0";
    /** How long a guest has to release an unplugged disk (ACPI eject) before the unplug is given up. */
    static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunningVm vm;

    DiskHotplug(RunningVm vm) {
        this.vm = vm;
    }

    /**
     * The root ports on the command line: after every other device for a VM laid out by order (so they
     * change no address its guest knew), before the disks for one with slots (its plugged disks name them).
     */
    static List<String> rootPortArgv() {
        List<String> argv = new ArrayList<>();
        for (int k = 0; k < ROOT_PORTS; k++) {
            argv.addAll(List.of("-device", "pcie-root-port,id=" + port(k) + ",chassis=" + (k + 1)));
        }
        return argv;
    }

    static String port(int k) {
        return "hotplug" + k;
    }

    void plug(VmDefinition.Disk disk) throws DriverException {
        Set<String> names = nodeNames();
        int n = 0;
        while (names.contains("drive" + n) || names.contains("file" + n)) {
            n++;
        }
        List<String> added = new ArrayList<>();
        try {
            if (disk.hasChap()) {
                ChapSecrets.clearStale(vm, "chap" + n); // file<n> is free, so nothing logs in with an old chap<n>
                addSecret(vm, "chap" + n, vm.files().chapSecret(n), disk.chapSecret());
                added.add("object:chap" + n);
            }
            for (String node : nodes(disk, n)) {
                ObjectNode spec = (ObjectNode) JSON.readTree(node);
                vm.command("blockdev-add", JSON.convertValue(spec, Map.class));
                added.add(spec.path("node-name").asText());
            }
            if (disk.bus().equals("virtio-scsi") && !hasDevice(SCSI_CONTROLLER)) {
                deviceAdd(Map.of("driver", "virtio-scsi-pci", "id", SCSI_CONTROLLER));
                added.add("device:" + SCSI_CONTROLLER);
            }
            // as on the command line: a storage error pauses the VM rather than reaching the guest
            Map<String, Object> device = new java.util.HashMap<>(Map.of("drive", "drive" + n, "id", BlockDevices.deviceId(disk),
                    "werror", "stop", "rerror", "stop"));
            // at the slot the manager chose, so the target of a later migration puts it at the same address
            device.putAll(DiskSlot.placement(disk));
            switch (disk.bus()) {
                case "virtio-blk" -> {
                    device.put("driver", "virtio-blk-pci");
                    if (device.containsKey("bus")) {
                        vm.command("device_add", device);
                    } else {
                        deviceAdd(device);
                    }
                }
                case "virtio-scsi" -> {
                    device.put("driver", "scsi-hd");
                    device.putIfAbsent("bus", SCSI_CONTROLLER + ".0");
                    vm.command("device_add", device);
                }
                default -> throw new DriverException(DriverException.Code.INVALID_SPEC,
                        "disk " + disk.id() + " has bus '" + disk.bus() + "'; use virtio-blk or virtio-scsi");
            }
            vm.plugged("drive" + n, disk);
        } catch (DriverException | IOException e) {
            undo(added);
            if (e instanceof DriverException d) {
                throw d;
            }
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, "cannot plug disk " + disk.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Unplugs the disk: returns once the guest released it and its nodes are gone. A guest that does
     * not release it in time keeps it, and the caller hears so.
     */
    void unplug(VmDefinition.Disk disk) throws DriverException {
        String id = BlockDevices.deviceId(disk);
        Set<String> nodes = nodesOf(disk);
        CompletableFuture<JsonNode> deleted = vm.waits.expect("DEVICE_DELETED", d -> id.equals(d.path("device").asText()));
        try {
            vm.command("device_del", Map.of("id", id));
            deleted.get(RELEASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, "the guest of " + vm.definition().name() + " did not release disk "
                    + disk.id() + " within " + RELEASE_TIMEOUT.toSeconds() + " s (no ACPI hot-plug support, or the disk is busy); it stays attached");
        } catch (ExecutionException e) {
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, "waiting for the guest to release disk " + disk.id() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, "interrupted while unplugging disk " + disk.id(), e);
        } finally {
            vm.waits.forget(deleted);
        }
        // the device is gone from the guest; what is left are block nodes nobody reads, removed parents first
        List<String> order = new ArrayList<>(nodes);
        order.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        // then the secret a node on a CHAP LUN logged in with, which would otherwise stay until the VM stops
        Set<String> secrets = ChapSecrets.objects(vm);
        nodes.stream().map(ChapSecrets::of).flatMap(java.util.Optional::stream).filter(secrets::contains).forEach(x -> order.add("object:" + x));
        remove(order);
    }

    /** The -blockdev JSON of a disk's nodes under number {@code n}, lowest backing first, the format node last. */
    static List<String> nodes(VmDefinition.Disk disk, int n) throws DriverException {
        List<String> specs = new ArrayList<>();
        List<String> chain = BlockDevices.chain(disk, n);
        for (int i = 1; i < chain.size(); i += 2) {
            specs.add(chain.get(i));
        }
        ObjectNode protocol = BlockDevices.protocol(disk, disk.location(), n).put("node-name", "file" + n).put("read-only", disk.readOnly());
        specs.add(protocol.toString());
        ObjectNode format = JSON.createObjectNode().put("driver", disk.format()).put("node-name", "drive" + n)
                .put("file", "file" + n).put("read-only", disk.readOnly());
        if (!disk.backing().isEmpty()) {
            format.put("backing", BlockDevices.backingNode(n, 0));
        }
        specs.add(format.toString());
        return specs;
    }

    /**
     * The nodes QEMU holds for the disk: its device's active node and every protocol node of one of
     * its volumes (found by file name: the disk's directory, its base location, its backing volumes)
     * with the format node over each.
     */
    private Set<String> nodesOf(VmDefinition.Disk disk) throws DriverException {
        Set<String> found = new HashSet<>();
        for (JsonNode b : vm.command("query-block", Map.of())) {
            if (b.path("qdev").asText().contains(BlockDevices.deviceId(disk)) && b.has("inserted")) {
                found.add(b.path("inserted").path("node-name").asText());
            }
        }
        Set<String> locations = new HashSet<>();
        locations.add(disk.location());
        disk.backing().forEach(x -> locations.add(x.location()));
        for (JsonNode node : vm.command("query-named-block-nodes", Map.of("flat", true))) {
            String file = node.path("file").asText();
            String name = node.path("node-name").asText();
            if (QemuBlockChain.isFormat(node) || name.isEmpty()) {
                continue;
            }
            if (locations.contains(file) || file.contains("/images/" + disk.id() + "/")) {
                found.add(name);
                found.add(QemuBlockChain.formatNameOf(name));
            }
        }
        return found;
    }

    /** Format nodes before protocol nodes, an active layer before what it reads. */
    private static int rank(String node) {
        boolean protocol = node.startsWith("file") || node.startsWith("f");
        boolean backing = node.matches("(drive|file)\\d+b\\d+");
        int depth = backing ? Integer.parseInt(node.replaceAll(".*b", "")) + 1 : 0;
        return (protocol ? 1000 : 0) + depth;
    }

    private void deviceAdd(Map<String, Object> device) throws DriverException {
        DriverException last = null;
        for (int k = 0; k < ROOT_PORTS; k++) {
            Map<String, Object> at = new java.util.HashMap<>(device);
            at.put("bus", port(k));
            try {
                vm.command("device_add", at);
                return;
            } catch (DriverException e) {
                last = e;   // that port holds a device already: try the next one
            }
        }
        throw new DriverException(DriverException.Code.DRIVER_FAILURE, "no free PCIe root port to plug " + device.get("id") + " into (" + ROOT_PORTS
                + " per VM; a VM started before hot-plug existed has none; stop and start it): " + (last == null ? "" : last.getMessage()));
    }

    private boolean hasDevice(String id) throws DriverException {
        for (JsonNode p : vm.command("qom-list", Map.of("path", "/machine/peripheral"))) {
            if (p.path("name").asText().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private Set<String> nodeNames() throws DriverException {
        Set<String> names = new HashSet<>();
        for (JsonNode node : vm.command("query-named-block-nodes", Map.of("flat", true))) {
            names.add(node.path("node-name").asText());
        }
        return names;
    }

    /** Removes what was added, newest first; each step may fail (gone already, still in use) without stopping the rest. */
    private void undo(List<String> added) {
        List<String> reversed = new ArrayList<>(added);
        java.util.Collections.reverse(reversed);
        remove(reversed);
    }

    private void remove(List<String> ordered) {
        List<String> reversed = ordered;
        // blockdev-del refuses a node that another still reads: later passes catch those freed by earlier ones
        for (int pass = 0; pass < 6 && !reversed.isEmpty(); pass++) {
            List<String> left = new ArrayList<>();
            for (String what : reversed) {
                try {
                    if (what.startsWith("object:")) {
                        vm.command("object-del", Map.of("id", what.substring("object:".length())));
                    } else if (what.startsWith("device:")) {
                        vm.command("device_del", Map.of("id", what.substring("device:".length())));
                    } else {
                        vm.command("blockdev-del", Map.of("node-name", what));
                    }
                } catch (DriverException e) {
                    left.add(what);
                }
            }
            reversed = left;
        }
    }

    /**
     * Hands QEMU a CHAP secret as the secret object {@code id}: written to a file only the agent's
     * user reads, read by QEMU ({@code object-add}), then removed; never on a command line.
     */
    static void addSecret(RunningVm vm, String id, Path file, String secret) throws DriverException, IOException {
        write(file, secret);
        try {
            vm.command("object-add", Map.of("qom-type", "secret", "id", id, "format", "raw", "file", file.toString()));
        } finally {
            deleteQuietly(file);
        }
    }

    private static void write(Path file, String secret) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret, StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a secret left in the agent's own directory, readable by the agent alone
        }
    }
}
