package dev.flotilla.agent.driver.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.HypervisorDriver.LiveOverlay;
import dev.flotilla.agent.driver.VmDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleConsumer;

/**
 * Live snapshots and merges of one running VM over QMP, by the recipe that works with QEMU's
 * libnfs driver (issue 3): overlays made with qemu-img, opened with {@code blockdev-add} and
 * {@code backing: null}, switched to with one {@code transaction} of {@code blockdev-snapshot};
 * merges with {@code block-commit}, completed with {@code block-job-complete} once READY when the
 * top is the active layer, then the merged nodes {@code blockdev-del}eted. Nodes are found by the
 * volume id in their file name, so a chain changed by earlier snapshots is read as QEMU has it.
 */
final class QemuBlockChain {

    /** How long a job is left between two looks at its progress when QEMU reports no change of its status. */
    private static final long POLL_MILLIS = 50;
    private static final long JOB_TIMEOUT_MILLIS = 30 * 60 * 1000L;

    private final RunningVm vm;

    QemuBlockChain(RunningVm vm) {
        this.vm = vm;
    }

    void snapshot(List<LiveOverlay> overlays) throws DriverException {
        List<String> added = new ArrayList<>();
        try {
            List<Map<String, Object>> actions = new ArrayList<>();
            for (LiveOverlay o : overlays) {
                String top = rootNode(o.diskId());
                VmDefinition.Disk disk = disk(o.diskId());
                String name = shortName(o.volumeId());
                var protocol = BlockDevices.protocol(disk, o.location(), 0).put("node-name", "f" + name);
                vm.command("blockdev-add", json(protocol));
                added.add("f" + name);
                Map<String, Object> format = new LinkedHashMap<>();
                format.put("driver", "qcow2");
                format.put("node-name", "n" + name);
                format.put("file", "f" + name);
                format.put("backing", null);
                vm.command("blockdev-add", format);
                added.add(0, "n" + name);
                actions.add(Map.of("type", "blockdev-snapshot", "data", Map.of("node", top, "overlay", "n" + name)));
            }
            vm.command("transaction", Map.of("actions", actions));
        } catch (DriverException e) {
            for (String node : added) {
                delQuietly(node);
            }
            throw e;
        }
    }

    void merge(String diskId, String topVolumeId, String baseVolumeId, String baseLocation, DoubleConsumer progress) throws DriverException {
        String root = rootNode(diskId);
        Optional<JsonNode> topNode = formatNode(topVolumeId);
        if (topNode.isEmpty()) {
            return; // merged already by an earlier run: top is no longer in QEMU's chain
        }
        String top = topNode.get().path("node-name").asText();
        String base = formatNode(baseVolumeId).map(n -> n.path("node-name").asText()).orElseThrow(() -> new DriverException(
                DriverException.Code.INVALID_SPEC, "volume " + baseVolumeId + " is not in the chain of disk " + diskId + " of " + vm.definition().name()));
        boolean active = top.equals(root);
        String job = "merge-" + shortName(topVolumeId);
        Map<String, Object> args = new HashMap<>(Map.of("job-id", job, "device", root, "top-node", top, "base-node", base,
                "auto-dismiss", false));
        if (!active) {
            args.put("backing-file", baseLocation);
        }
        vm.command("block-commit", args);
        try {
            awaitJob(job, active, "merge", progress);
        } finally {
            dismissQuietly(job);
        }
        // the merged node and its file node leave QEMU
        delQuietly(top);
        delQuietly(protocolNameOf(top));
    }

    /**
     * Follows block job {@code job} (a merge, a live move's mirror) until it concluded, with its
     * progress; {@code complete}: once READY it is completed (the pivot of an active commit or a
     * mirror). A job cancelled meanwhile also ends here, without an error: callers check the result.
     * Each look at the job is followed by a wait for QEMU's next JOB_STATUS_CHANGE of it, at most
     * {@link #POLL_MILLIS}: a job that becomes ready or concluded is seen at once, instead of after
     * a fixed sleep — for a small merge those sleeps (two or three) were most of its time.
     */
    void awaitJob(String job, boolean complete, String what, DoubleConsumer progress) throws DriverException {
        long deadline = System.currentTimeMillis() + JOB_TIMEOUT_MILLIS;
        boolean completing = false;
        while (System.currentTimeMillis() < deadline) {
            // expected before the look, so a change that comes between the look and the wait is not missed
            CompletableFuture<JsonNode> changed = vm.waits.expect("JOB_STATUS_CHANGE", d -> job.equals(d.path("id").asText()));
            try {
                String status = lookAt(job, what, progress);
                if (status.equals("concluded") || status.equals("null")) {
                    return;
                }
                if (complete && status.equals("ready") && !completing) {
                    vm.command("block-job-complete", Map.of("device", job));
                    completing = true;
                }
                awaitChange(changed);
            } finally {
                vm.waits.forget(changed);
            }
        }
        try {
            vm.command("block-job-cancel", Map.of("device", job, "force", true));
        } catch (DriverException ignored) {
            // the timeout is what the caller hears
        }
        throw new DriverException(DriverException.Code.DRIVER_FAILURE, "the " + what + " of " + vm.definition().name() + " did not end in time; cancelled");
    }

    /** One look at the job: its progress reported, its error thrown; answers its status. */
    private String lookAt(String job, String what, DoubleConsumer progress) throws DriverException {
        JsonNode found = null;
        for (JsonNode j : vm.command("query-jobs", Map.of())) {
            if (j.path("id").asText().equals(job)) {
                found = j;
            }
        }
        if (found == null) {
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, "the " + what + " job " + job + " of " + vm.definition().name() + " vanished");
        }
        long total = found.path("total-progress").asLong();
        if (total > 0) {
            progress.accept(100.0 * found.path("current-progress").asLong() / total);
        }
        if (found.has("error")) {
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, "QEMU's " + what + " of " + vm.definition().name()
                    + " failed: " + found.path("error").asText() + "; the chain is as before");
        }
        return found.path("status").asText();
    }

    /** The node a disk's device reads: its active layer. */
    String rootNode(String diskId) throws DriverException {
        for (JsonNode b : vm.command("query-block", Map.of())) {
            if (b.path("qdev").asText().contains(BlockDevices.deviceId(disk(diskId))) && b.has("inserted")) {
                return b.path("inserted").path("node-name").asText();
            }
        }
        throw new DriverException(DriverException.Code.INVALID_SPEC, "disk " + diskId + " is not a disk of " + vm.definition().name());
    }

    /**
     * The format node of a volume, by the names the agent gave: {@code drive<N>} over {@code file<N>}
     * and {@code drive<N>b<K>} over {@code file<N>b<K>} for the volumes the VM started with or a disk
     * plugged live, {@code n<volume>} over {@code f<volume>} for overlays of live snapshots,
     * {@code m<volume><g>} over {@code t<volume><g>} for volumes a live move brought. The
     * protocol node is found by the volume's file name (which holds its id), not by the disk's place
     * in the definition: a disk unplugged live leaves a gap in the numbers. Empty when QEMU no longer has it.
     */
    Optional<JsonNode> formatNode(String volumeId) throws DriverException {
        JsonNode all = nodes();
        String overlay = "n" + shortName(volumeId);
        java.util.Set<String> known = new java.util.HashSet<>();
        for (VmDefinition.Disk d : vm.definition().disks()) {
            if (d.volumeId().equals(volumeId)) {
                known.add(d.location());
            }
            d.backing().stream().filter(b -> b.volumeId().equals(volumeId)).forEach(b -> known.add(b.location()));
        }
        for (JsonNode n : all) {
            if (n.path("node-name").asText().equals(overlay)) {
                return Optional.of(n);
            }
        }
        for (JsonNode n : all) {
            String file = n.path("file").asText();
            String name = n.path("node-name").asText();
            if (!isFormat(n) && (known.contains(file) || file.endsWith("/" + volumeId + ".qcow2") || file.endsWith("/" + volumeId + ".raw"))) {
                String format = formatNameOf(name);
                for (JsonNode f : all) {
                    if (f.path("node-name").asText().equals(format)) {
                        return Optional.of(f);
                    }
                }
            }
        }
        return Optional.empty();
    }

    static boolean isFormat(JsonNode node) {
        String drv = node.path("drv").asText();
        return drv.equals("qcow2") || drv.equals("raw");
    }

    /** The format node over a protocol node, by the agent's naming. */
    static String formatNameOf(String protocolNode) {
        if (protocolNode.startsWith("file")) {
            return "drive" + protocolNode.substring("file".length());
        }
        if (protocolNode.startsWith("t")) {
            return "m" + protocolNode.substring(1);
        }
        return protocolNode.startsWith("f") ? "n" + protocolNode.substring(1) : protocolNode;
    }

    /** The protocol node under a format node, by the agent's naming. */
    static String protocolNameOf(String formatNode) {
        if (formatNode.startsWith("drive")) {
            return "file" + formatNode.substring("drive".length());
        }
        if (formatNode.startsWith("m")) {
            return "t" + formatNode.substring(1);
        }
        return formatNode.startsWith("n") ? "f" + formatNode.substring(1) : formatNode;
    }

    JsonNode nodes() throws DriverException {
        return vm.command("query-named-block-nodes", Map.of("flat", true));
    }

    VmDefinition.Disk disk(String diskId) throws DriverException {
        return vm.definition().disks().stream().filter(d -> d.id().equals(diskId)).findFirst().orElseThrow(() ->
                new DriverException(DriverException.Code.INVALID_SPEC, "disk " + diskId + " is not a disk of " + vm.definition().name()));
    }

    void delQuietly(String node) {
        try {
            vm.command("blockdev-del", Map.of("node-name", node));
        } catch (DriverException ignored) {
            // still in use or gone: nothing to undo
        }
    }

    void dismissQuietly(String job) {
        try {
            vm.command("job-dismiss", Map.of("id", job));
        } catch (DriverException ignored) {
            // dismissed already
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(JsonNode node) {
        return new com.fasterxml.jackson.databind.ObjectMapper().convertValue(node, Map.class);
    }

    static String shortName(String volumeId) {
        return volumeId.replace("-", "").substring(0, Math.min(20, volumeId.replace("-", "").length()));
    }

    /** Until the job's status changed, or {@link #POLL_MILLIS} passed (a running job's progress is looked at again). */
    private static void awaitChange(CompletableFuture<JsonNode> changed) {
        try {
            changed.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // no change: look again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
