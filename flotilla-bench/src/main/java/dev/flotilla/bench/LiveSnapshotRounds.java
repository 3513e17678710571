package dev.flotilla.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Live snapshots for {@link StorageBench}: the benchmark's VM runs (no guest OS: SeaBIOS finds
 * nothing to boot, which leaves the disk chain alone, and the chain is what is measured) and takes
 * a snapshot through the API (the agent's {@code qemu-img create -b}, {@code blockdev-add} with
 * {@code backing: null}, a {@code transaction} of {@code blockdev-snapshot}, the records), then
 * deletes it with a live merge (a job: {@code block-commit} of the active layer,
 * {@code block-job-complete} once READY, {@code blockdev-del}, the volume removed). Raw: one QEMU
 * started by hand on a qcow2 of the same size, and the same steps over QMP with nobody in between.
 * The overlays hold what an idle VM writes between the two calls, next to nothing: the times are the
 * fixed cost of each operation.
 */
final class LiveSnapshotRounds {

    private LiveSnapshotRounds() {
    }

    static void run(Api api, String vm, Path rawDir, int rounds, Report report) throws Exception {
        api.startVm(vm);
        awaitStatus(api, vm, "Up");
        Latencies create = new Latencies();
        Latencies merge = new Latencies();
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            String snapshot = api.post("/vms/" + vm + "/snapshots", Map.of("description", "live round " + i), 201).path("id").asText();
            create.recordNanos(System.nanoTime() - t0);
            t0 = System.nanoTime();
            StorageBench.awaitJob(api, api.delete("/vms/" + vm + "/snapshots/" + snapshot).path("jobId").asText());
            merge.recordNanos(System.nanoTime() - t0);
        }
        api.stopVm(vm);
        awaitStatus(api, vm, "Down");

        Latencies rawCreate = new Latencies();
        Latencies rawMerge = new Latencies();
        Path base = rawDir.resolve("live-base.qcow2");
        StorageBench.run("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "1G");
        Path socket = rawDir.resolve("live-qmp.sock");
        Process qemu = new ProcessBuilder(List.of("qemu-system-x86_64", "-machine", "q35,accel=tcg", "-m", "128M", "-nodefaults",
                "-display", "none", "-chardev", "socket,id=qmp,path=" + socket + ",server=on,wait=off", "-mon", "chardev=qmp,mode=control",
                "-blockdev", "{\"driver\":\"file\",\"filename\":\"" + base + "\",\"node-name\":\"f0\"}",
                "-blockdev", "{\"driver\":\"qcow2\",\"node-name\":\"d0\",\"file\":\"f0\"}",
                "-device", "virtio-blk-pci,drive=d0,id=disk0,werror=stop,rerror=stop"))
                .redirectErrorStream(true).redirectOutput(rawDir.resolve("live-qemu.log").toFile()).start();
        try (Qmp qmp = Qmp.connect(socket, qemu)) {
            for (int i = 0; i < rounds; i++) {
                Path top = rawDir.resolve("live-top-" + i + ".qcow2");
                String node = "t" + i;
                long t0 = System.nanoTime();
                StorageBench.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", base.toString(), "-F", "qcow2", top.toString());
                qmp.execute("blockdev-add", Map.of("driver", "qcow2", "node-name", node,
                        "file", Map.of("driver", "file", "filename", top.toString()), "backing", nullValue()));
                qmp.execute("blockdev-snapshot", Map.of("node", "d0", "overlay", node));
                rawCreate.recordNanos(System.nanoTime() - t0);
                t0 = System.nanoTime();
                String job = "commit-" + i;
                qmp.dropEvents();
                qmp.execute("block-commit", Map.of("job-id", job, "device", node));
                qmp.awaitEvent("BLOCK_JOB_READY", d -> job.equals(d.path("device").asText()));
                qmp.execute("block-job-complete", Map.of("device", job));
                qmp.awaitEvent("BLOCK_JOB_COMPLETED", d -> job.equals(d.path("device").asText()));
                qmp.execute("blockdev-del", Map.of("node-name", node));
                Files.delete(top);
                rawMerge.recordNanos(System.nanoTime() - t0);
            }
        } finally {
            qemu.destroyForcibly();
            qemu.waitFor(10, TimeUnit.SECONDS);
        }
        report.add("snapshot create, live (API)", create.minMedianMax(),
                "POST /vms/{id}/snapshots (VM Up): qemu-img create -b, blockdev-add, transaction of blockdev-snapshot by the agent + records");
        report.add("snapshot create, live raw (QMP)", rawCreate.minMedianMax(), "qemu-img create -b, blockdev-add (backing null), blockdev-snapshot");
        report.add("snapshot delete with live merge (API)", merge.minMedianMax(), "DELETE until the merge job finished (VM Up)");
        report.add("live merge raw (QMP)", rawMerge.minMedianMax(),
                "block-commit of the active layer, BLOCK_JOB_READY, block-job-complete, BLOCK_JOB_COMPLETED, blockdev-del, rm");
    }

    /** QMP's {@code null} in a Map.of (which takes no null values). */
    private static Object nullValue() {
        return com.fasterxml.jackson.databind.node.NullNode.getInstance();
    }

    private static void awaitStatus(Api api, String vm, String status) throws IOException, InterruptedException {
        for (int i = 0; i < 3000; i++) {
            if (status.equals(api.vm(vm).path("status").asText())) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("VM " + vm + " is not " + status + " after 60 s: " + api.vm(vm));
    }
}
