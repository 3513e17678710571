package dev.flotilla.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.agent.Agent;
import dev.flotilla.agent.AgentConfig;
import dev.flotilla.agent.AgentRuntime;
import dev.flotilla.agent.driver.qemu.QemuDriver;
import dev.flotilla.agent.driver.qemu.QemuDriverConfig;
import dev.flotilla.agent.managerlink.EnrollmentToken;
import dev.flotilla.agent.managerlink.ManagerAddress;
import dev.flotilla.agent.stats.ProcHostStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Templates and snapshots through Flotilla against the same qemu-img operations run raw, on a
 * local storage domain (a directory) of one real qemu agent in this JVM. A source disk gets
 * {@code --data-mib} of data written with qemu-io; a template is made from its VM; then {@code --vms}
 * thin VMs (one qcow2 overlay each, made in one API call per VM) and as many clones (a full copy
 * each, a job) are made, timed, and the storage they take measured with du on the domain's
 * directory. Raw: {@code qemu-img create -b} and {@code qemu-img convert} of the same volume as many
 * times. Snapshots: offline create (API: a new overlay) and delete with merge (API: a merge job
 * committing the overlay, after {@code --snapshot-data-mib} was written into it) against
 * {@code qemu-img create -b} and {@code qemu-img commit} on a copy of the same chain; then live
 * ({@code --live-rounds}, the VM running) against the same QMP operations on a QEMU started by hand
 * ({@link LiveSnapshotRounds}).
 *
 * <pre>
 * java -cp flotilla-bench/target/flotilla-bench-0.1.0-SNAPSHOT-all.jar dev.flotilla.bench.StorageBench \
 *   --manager-jar flotilla-manager/target/flotilla-manager-0.1.0-SNAPSHOT-exec.jar --vms 100 --rounds 10
 * </pre>
 */
public final class StorageBench {

    private static final Logger QUIET = Logger.getLogger("dev.flotilla");

    private StorageBench() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        QUIET.setLevel(Level.WARNING);
        int count = o.integer("vms", 100);
        int rounds = o.integer("rounds", 10);
        int dataMib = o.integer("data-mib", 64);
        int snapMib = o.integer("snapshot-data-mib", 16);
        int liveRounds = o.integer("live-rounds", rounds);
        Path work = Path.of(o.string("work-dir", "/tmp/flotilla-storagebench-" + System.currentTimeMillis()));
        Path agentDir = Files.createDirectories(work.resolve("agent"));
        Path domainDir = Files.createDirectories(work.resolve("local-domain"));
        Path rawDir = Files.createDirectories(work.resolve("raw"));
        Report report = new Report("StorageBench: %d thin VMs vs %d clones, %d snapshot rounds, on a local domain".formatted(count, count, rounds));
        report.add("load average before", Report.loadAverage(), "/proc/loadavg");
        AgentRuntime runtime = AgentRuntime.forOneAgent();
        try (ManagerProcess manager = ManagerProcess.start(Path.of(o.required("manager-jar")), work, o.string("manager-heap", "1g"), List.of())) {
            manager.awaitHealthy(Duration.ofMinutes(3));
            Api api = new Api(manager.baseUrl(), ManagerProcess.ADMIN_PASSWORD);
            Agent agent = new Agent(AgentConfig.withToken("storage-0", agentDir, ManagerAddress.parse("127.0.0.1:" + manager.agentPort()),
                    EnrollmentToken.parse(api.enrollmentToken())),
                    new QemuDriver(new QemuDriverConfig(agentDir, 5900, 5999, "tcg", "qemu-system-x86_64")),
                    new ProcHostStats(), runtime.fingerprint(), runtime);
            try {
                agent.start().join();
                for (int i = 0; i < 600 && api.hosts("Up").isEmpty(); i++) {
                    Thread.sleep(100);
                }
                String hostId = api.hosts("Up").get(0).id();
                String domain = api.post("/storagedomains", Map.of("name", "bench-local", "type", "local", "path", domainDir.toString(),
                        "hostId", hostId), 201).path("id").asText();
                JsonNode disk = api.post("/disks", Map.of("name", "bench-src", "storageDomainId", domain, "sizeBytes", 1L << 30), 201);
                Path volume = domainDir.resolve("images").resolve(disk.path("id").asText()).resolve(disk.path("volumeId").asText() + ".qcow2");
                run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 " + dataMib + "M", volume.toString());
                String vm = api.createVm("bench-src", 1, 128);
                api.post("/vms/" + vm + "/disks", Map.of("diskId", disk.path("id").asText(), "bootable", true), 201);
                JsonNode template = api.post("/templates", Map.of("vmId", vm, "name", "bench-template"), 202);
                awaitJob(api, template.path("jobId").asText());
                String templateId = template.path("template").path("id").asText();
                report.add("source disk", "1 GiB qcow2 with " + dataMib + " MiB written (qemu-io write -P 0x5a)", "");

                long before = du(domainDir);
                long t0 = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    api.post("/templates/" + templateId + "/vms", Map.of("name", "thin-" + i, "mode", "thin"), 201);
                }
                long thinNanos = System.nanoTime() - t0;
                long thinBytes = du(domainDir) - before;
                before = du(domainDir);
                t0 = System.nanoTime();
                List<String> jobs = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    jobs.add(api.post("/templates/" + templateId + "/vms", Map.of("name", "clone-" + i, "mode", "clone"), 202).path("jobId").asText());
                }
                for (String job : jobs) {
                    awaitJob(api, job);
                }
                long cloneNanos = System.nanoTime() - t0;
                long cloneBytes = du(domainDir) - before;
                report.add(count + " thin VMs (API)", seconds(thinNanos) + ", " + mib(thinBytes), "POST /templates/{id}/vms mode thin, one after another; du -sb of the domain before/after");
                report.add(count + " clone VMs (API)", seconds(cloneNanos) + ", " + mib(cloneBytes), "POST mode clone (202) for all, then every copy job awaited");

                JsonNode templateDisk = api.get("/templates/" + templateId).path("disks").path(0);
                Path templateVolume = domainDir.resolve("images").resolve(templateDisk.path("diskId").asText())
                        .resolve(templateDisk.path("volumeId").asText() + ".qcow2");
                t0 = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    run("qemu-img", "create", "-q", "-f", "qcow2", "-b", templateVolume.toString(), "-F", "qcow2", rawDir.resolve("thin-" + i + ".qcow2").toString());
                }
                report.add(count + " raw qemu-img create -b", seconds(System.nanoTime() - t0) + ", " + mib(du(rawDir)), "the template's volume as backing");
                before = du(rawDir);
                t0 = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    run("qemu-img", "convert", "-O", "qcow2", templateVolume.toString(), rawDir.resolve("clone-" + i + ".qcow2").toString());
                }
                report.add(count + " raw qemu-img convert", seconds(System.nanoTime() - t0) + ", " + mib(du(rawDir) - before), "one after another");

                snapshots(api, vm, disk.path("id").asText(), domainDir, rawDir, rounds, snapMib, report);
                if (liveRounds > 0) {
                    LiveSnapshotRounds.run(api, vm, rawDir, liveRounds, report);
                }
            } finally {
                agent.close();
                StartBench.killVmsUnder(agentDir);
            }
            report.add("load average after", Report.loadAverage(), "/proc/loadavg");
        } finally {
            runtime.close();
            String md = report.markdown();
            System.out.println(md);
            Files.writeString(work.resolve("result.md"), md);
        }
        System.exit(0);
    }

    /** Offline snapshot create and delete (merge) through the API, then the same qemu-img steps raw on a copy of the chain. */
    private static void snapshots(Api api, String vm, String diskId, Path domainDir, Path rawDir, int rounds, int mib, Report report) throws Exception {
        Latencies create = new Latencies();
        Latencies merge = new Latencies();
        Latencies rawCreate = new Latencies();
        Latencies rawMerge = new Latencies();
        Path rawBase = rawDir.resolve("snap-base.qcow2");
        Path rawTop = rawDir.resolve("snap-top.qcow2");
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            String snapshot = api.post("/vms/" + vm + "/snapshots", Map.of("description", "round " + i), 201).path("id").asText();
            create.recordNanos(System.nanoTime() - t0);
            JsonNode d = api.get("/disks/" + diskId);
            Path active = domainDir.resolve("images").resolve(diskId).resolve(d.path("volumeId").asText() + ".qcow2");
            run("qemu-io", "-f", "qcow2", "-c", "write -P 0x" + Integer.toHexString(0x10 + i) + " 0 " + mib + "M", active.toString());
            t0 = System.nanoTime();
            awaitJob(api, api.delete("/vms/" + vm + "/snapshots/" + snapshot).path("jobId").asText());
            merge.recordNanos(System.nanoTime() - t0);

            // after the merge the disk is one volume again: a copy of it is the raw run's base
            Files.deleteIfExists(rawBase);
            Files.deleteIfExists(rawTop);
            run("cp", "--sparse=always", domainDir.resolve("images").resolve(diskId).resolve(api.get("/disks/" + diskId).path("volumeId").asText() + ".qcow2").toString(),
                    rawBase.toString());
            t0 = System.nanoTime();
            run("qemu-img", "create", "-q", "-f", "qcow2", "-b", rawBase.toString(), "-F", "qcow2", rawTop.toString());
            rawCreate.recordNanos(System.nanoTime() - t0);
            run("qemu-io", "-f", "qcow2", "-c", "write -P 0x" + Integer.toHexString(0x10 + i) + " 0 " + mib + "M", rawTop.toString());
            t0 = System.nanoTime();
            run("qemu-img", "commit", "-q", "-d", rawTop.toString());
            rawMerge.recordNanos(System.nanoTime() - t0);
        }
        report.add("snapshot create, offline (API)", create.minMedianMax(), "POST /vms/{id}/snapshots (VM Down): qemu-img create -b by the agent + records");
        report.add("snapshot create, raw qemu-img create -b", rawCreate.minMedianMax(), "same chain, copied");
        report.add("snapshot delete with merge (API)", merge.minMedianMax(), "DELETE until the merge job finished; " + mib + " MiB written over the snapshot");
        report.add("raw qemu-img commit -d", rawMerge.minMedianMax(), "the same " + mib + " MiB; the API also rebases and removes the merged volume");
    }

    static void awaitJob(Api api, String job) throws Exception {
        for (int i = 0; i < 36000; i++) {
            JsonNode j = api.get("/jobs/" + job);
            String status = j.path("status").asText();
            if (status.equals("finished")) {
                return;
            }
            if (!status.equals("running")) {
                throw new IllegalStateException("job " + job + " " + status + ": " + j.path("reason").asText());
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("job " + job + " still running");
    }

    private static long du(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("du", "-s", "--block-size=1", dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return Long.parseLong(out.split("\\s+")[0]);
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static String seconds(long nanos) {
        return "%.1f s".formatted(nanos / 1e9);
    }

    private static String mib(long bytes) {
        return "%.1f MiB".formatted(bytes / (1024.0 * 1024));
    }
}
