package dev.flotilla.agent.driver.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.HypervisorDriver;
import dev.flotilla.agent.driver.VmDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleConsumer;

/**
 * A live disk move over QMP (oVirt's live storage migration): the target volumes, made already on
 * the target domain, are opened with {@code blockdev-add} as a chain of named nodes ({@code m<volume><g>}
 * over {@code t<volume><g>}; {@code g} a letter no node of the volume uses yet, so a disk moved back
 * and forth never meets its own old names), {@code blockdev-mirror} copies the active layer
 * ({@code sync=top} when read-only volumes under it were copied already, {@code full} for a disk of
 * one volume) while the guest writes on, and {@code block-job-complete} pivots the device onto the
 * target once the mirror is READY. Only then are the source nodes deleted. A disk of one volume may
 * come from or go to an iSCSI LUN; a LUN behind CHAP is opened with the target domain's user and a
 * {@code secret} object ({@code chapm…}, added with {@code object-add} from a file the agent removes
 * at once, as a hot-plug does; see {@link ChapSecrets}), deleted once the disk has moved off that LUN
 * again; a raw disk onto a larger LUN is opened with the source's size. Anything
 * else, an error, a cancel before or after READY, leaves the device on its source nodes and removes the
 * target nodes (and the secret object):
 * success is judged by the node the device reads from afterwards, not by how the job ended.
 */
final class QemuDiskMirror {

    private final RunningVm vm;
    private final QemuBlockChain chain;

    QemuDiskMirror(RunningVm vm) {
        this.vm = vm;
        this.chain = new QemuBlockChain(vm);
    }

    /** The block job of a disk's live move; one at a time per disk. */
    static String jobOf(String diskId) {
        return "move-" + QemuBlockChain.shortName(diskId);
    }

    /**
     * Moves the disk onto {@code target} (active volume first, then the volumes under it) and
     * answers the disk as it is now defined.
     */
    VmDefinition.Disk move(String diskId, List<VmDefinition.Backing> target, HypervisorDriver.ChapLogin login, DoubleConsumer progress)
            throws DriverException {
        VmDefinition.Disk disk = chain.disk(diskId);
        // the target's nodes log in as the target domain does (a LUN behind CHAP), whatever the source did
        VmDefinition.Disk open = new VmDefinition.Disk(disk.id(), disk.volumeId(), disk.location(), disk.format(), login.user(), login.secret(),
                disk.bus(), disk.bootable(), disk.readOnly(), disk.backing());
        String root = chain.rootNode(diskId);
        List<String> sourceNodes = target.size() == 1 ? List.of(root, QemuBlockChain.protocolNameOf(root)) : sourceNodes(diskId, target);
        if (!sourceNodes.get(0).equals(root)) {
            throw new DriverException(DriverException.Code.INVALID_SPEC, "volume " + target.get(0).volumeId() + " is not the active volume of disk "
                    + diskId + " of " + vm.definition().name() + " (QEMU writes " + root + ")");
        }
        char generation = freeGeneration(target);
        List<String> added = new ArrayList<>();
        // named after the active volume's protocol node (see ChapSecrets), so whoever removes that node removes it too
        String secret = ChapSecrets.of("t" + QemuBlockChain.shortName(target.get(0).volumeId()) + generation).orElseThrow();
        String top = null;
        try {
            if (login.present()) {
                ChapSecrets.clearStale(vm, secret); // left by an agent that did not release secrets yet: no node uses it
                addSecret(secret, login.secret());
            }
            for (int k = target.size() - 1; k >= 0; k--) {
                VmDefinition.Backing v = target.get(k);
                String name = QemuBlockChain.shortName(v.volumeId()) + generation;
                var protocol = BlockDevices.protocol(open, v.location(), secret).put("node-name", "t" + name);
                if (k > 0) {
                    protocol.put("auto-read-only", true); // as at start: a later live merge reopens it read-write
                }
                vm.command("blockdev-add", QemuBlockChain.json(protocol));
                added.add(0, "t" + name);
                Map<String, Object> format = new LinkedHashMap<>();
                format.put("driver", v.format());
                format.put("node-name", "m" + name);
                format.put("file", "t" + name);
                format.put("read-only", k > 0);
                if (v.format().equals("qcow2")) {
                    format.put("backing", top);
                } else if (v.location().startsWith("iscsi:")) {
                    format.put("size", virtualSize(root)); // a raw disk takes the start of a LUN that may be larger: the mirror wants equal sizes
                }
                vm.command("blockdev-add", format);
                added.add(0, "m" + name);
                top = "m" + name;
            }
            String job = jobOf(diskId);
            vm.command("blockdev-mirror", Map.of("job-id", job, "device", root, "target", top,
                    "sync", target.size() > 1 ? "top" : "full", "auto-dismiss", false));
            try {
                chain.awaitJob(job, true, "live move", progress);
            } finally {
                chain.dismissQuietly(job);
            }
            String now = chain.rootNode(diskId);
            if (!now.equals(top)) {
                throw new DriverException(DriverException.Code.DRIVER_FAILURE, "the live move of disk " + diskId + " of "
                        + vm.definition().name() + " was cancelled before the pivot; the guest runs on its source volumes");
            }
        } catch (DriverException e) {
            added.forEach(chain::delQuietly);
            if (login.present()) {
                deleteSecretQuietly(secret);
            }
            throw e;
        }
        // the guest writes the target now: the source nodes leave QEMU, active first (it holds the others),
        // and so does the secret a source on a CHAP LUN logged in with (else it stays until the VM stops)
        sourceNodes.forEach(chain::delQuietly);
        for (String node : sourceNodes) {
            releaseQuietly(node);
        }
        List<VmDefinition.Backing> under = target.subList(1, target.size());
        VmDefinition.Backing active = target.get(0);
        return new VmDefinition.Disk(disk.id(), active.volumeId(), active.location(), active.format(), login.user(), login.secret(),
                disk.bus(), disk.bootable(), disk.readOnly(), under, disk.slot());
    }

    private void addSecret(String id, String value) throws DriverException {
        try {
            DiskHotplug.addSecret(vm, id, vm.files().dir().resolve(id + ".secret"), value);
        } catch (java.io.IOException e) {
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, "cannot hand QEMU of " + vm.definition().name()
                    + " the CHAP secret of the target LUN: " + e.getMessage(), e);
        }
    }

    private void deleteSecretQuietly(String id) {
        try {
            vm.command("object-del", Map.of("id", id));
        } catch (DriverException ignored) {
            // never added, or QEMU went away: nothing to give back
        }
    }

    private void releaseQuietly(String node) {
        try {
            ChapSecrets.release(vm, node);
        } catch (DriverException e) {
            // the disk moved; an unused secret object in QEMU is no reason to report it failed (it goes when the VM stops)
        }
    }

    /** Stops a running move: QEMU's mirror is cancelled, so the device stays on the source (see the class). */
    void cancel(String diskId) throws DriverException {
        vm.command("block-job-cancel", Map.of("device", jobOf(diskId), "force", true));
    }

    /** The format and protocol nodes QEMU has for the disk's volumes now, active first, in the order they can be deleted. */
    private List<String> sourceNodes(String diskId, List<VmDefinition.Backing> volumes) throws DriverException {
        List<String> nodes = new ArrayList<>();
        for (VmDefinition.Backing v : volumes) {
            JsonNode format = chain.formatNode(v.volumeId()).orElseThrow(() -> new DriverException(DriverException.Code.INVALID_SPEC,
                    "volume " + v.volumeId() + " is not in the chain of disk " + diskId + " of " + vm.definition().name()));
            String name = format.path("node-name").asText();
            nodes.add(name);
            nodes.add(QemuBlockChain.protocolNameOf(name));
        }
        // the protocol nodes go after every format node: a format node holds the one under it
        List<String> ordered = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i += 2) {
            ordered.add(nodes.get(i));
        }
        for (int i = 1; i < nodes.size(); i += 2) {
            ordered.add(nodes.get(i));
        }
        return ordered;
    }

    private long virtualSize(String node) throws DriverException {
        for (JsonNode n : chain.nodes()) {
            if (n.path("node-name").asText().equals(node) && n.path("image").has("virtual-size")) {
                return n.path("image").path("virtual-size").asLong();
            }
        }
        throw new DriverException(DriverException.Code.DRIVER_FAILURE, "QEMU of " + vm.definition().name() + " does not tell the size of " + node);
    }

    private char freeGeneration(List<VmDefinition.Backing> volumes) throws DriverException {
        Set<String> names = new HashSet<>();
        for (JsonNode n : chain.nodes()) {
            names.add(n.path("node-name").asText());
        }
        for (char g = 'a'; g <= 'z'; g++) {
            char c = g;
            if (volumes.stream().noneMatch(v -> names.contains("m" + QemuBlockChain.shortName(v.volumeId()) + c))) {
                return g;
            }
        }
        throw new DriverException(DriverException.Code.DRIVER_FAILURE, "QEMU of " + vm.definition().name() + " holds too many moved nodes");
    }
}
