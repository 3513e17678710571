package dev.flotilla.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.agent.testguest.TestGuest;
import dev.flotilla.agent.testlab.StorageLab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Snapshots end to end on the storage lab's real NFS: the manager jar, one agent on the qemu
 * driver and the test guest. The guest writes a mark on vda; a snapshot is taken (offline, with
 * the CLI); the guest boots again from the new active layer, finds the first mark and writes a
 * second; a preview of the snapshot reads only the first, the undo the second again. Then the
 * guest runs counting seconds while a live snapshot is taken and deleted with a live merge
 * (block-commit and pivot), and it keeps counting. Between the two, the disk with its chain of three
 * volumes moves live to a posix domain (qemu-img for the lower volumes, blockdev-mirror for the active
 * one) while the guest counts on; the merges run there, then the disk moves back offline, one volume.
 * Last a template is made from the VM, and three thin VMs and a clone boot from it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotFleetTest {

    private static final Duration GUEST_BOOT = Duration.ofMinutes(3);
    private static final String PASSWORD = "it-snapshot-password";

    private StorageLab lab;
    private TestGuest guest;
    private Path work;
    private Path logs;
    private ManagerProcess manager;
    private Api api;
    private AgentProcess agent;
    private String diskId;
    private String vmId;
    private String firstSnapshot;

    @BeforeAll
    void start() throws IOException {
        Machine.requireQemu();
        lab = StorageLab.shared();
        guest = TestGuest.build();
        OneHostFleet fleet = OneHostFleet.start("snapshot", PASSWORD, "16950-16999");
        work = fleet.work();
        logs = fleet.logs();
        manager = fleet.manager();
        api = fleet.api();
        agent = fleet.agent();
        String domain = api.post("api/v1/storagedomains", Map.of("name", "it-snap-nfs", "type", "nfs",
                "nfs", Map.of("server", lab.storageAddress(), "export", lab.nfsExport())), 201).path("id").asText();
        diskId = api.post("api/v1/disks", Map.of("name", "it-snap-disk", "storageDomainId", domain, "sizeBytes", 64L << 20), 201)
                .path("id").asText();
        vmId = api.post("api/v1/vms", Map.of("name", "it-snap-vm", "cpus", 1, "memoryMiB", 256, "boot", boot(guest, "first")), 201)
                .path("id").asText();
        api.post("api/v1/vms/" + vmId + "/disks", Map.of("diskId", diskId, "bootable", true), 201);
    }

    @AfterAll
    void stop() {
        Machine.stopFleet(agent == null ? java.util.List.of() : java.util.List.of(agent), manager, work);
    }

    @Test
    @Order(1)
    void aSnapshotKeepsTheFirstMarkWhileTheGuestWritesTheSecondOnTheNewLayer() {
        bootAndStop("first", "");
        String taken = cli("snapshot", "create", "--vm", "it-snap-vm", "--description", "after the first mark");
        assertThat(taken).contains("after the first mark", "OK", "offline");
        firstSnapshot = api.get("api/v1/vms/" + vmId + "/snapshots").path("items").path(0).path("id").asText();
        JsonNode chain = api.get("api/v1/vms/" + vmId + "/snapshots").path("disks").path(0);
        assertThat(chain.path("volumes")).hasSize(2);
        String active = chain.path("activeVolumeId").asText();
        assertThat(read(lab.nfsExportDir().resolve("images/" + diskId + "/" + active + ".meta"))).contains("PARENT=" + diskId + "/");

        api.send("PATCH", "api/v1/vms/" + vmId, Map.of("boot", boot(guest, "second"), "version", api.get("api/v1/vms/" + vmId).path("version").asLong()));
        String serial = bootAndStop("second", "first");
        assertThat(serial).as("the guest read the snapshot's mark through the chain")
                .contains(TestGuest.DISK_FOUND_MARKER + TestGuest.DISK_MARK_PREFIX + "first");
        assertThat(firstSector()).startsWith(TestGuest.DISK_MARK_PREFIX + "second\n");
    }

    @Test
    @Order(2)
    void aPreviewShowsOnlyTheFirstMarkAndTheUndoBringsBackTheSecond() {
        // the VM changed since the snapshot (its boot already did): the preview runs with the snapshot's configuration
        api.send("PATCH", "api/v1/vms/" + vmId, Map.of("memoryMiB", 384, "version", api.get("api/v1/vms/" + vmId).path("version").asLong()));
        assertThat(cli("snapshot", "show", "--vm", "it-snap-vm", firstSnapshot)).contains("Kept memory:", "256MiB", "Kept disk it-snap-disk:");
        assertThat(cli("snapshot", "preview", "--vm", "it-snap-vm", firstSnapshot)).contains("InPreview");
        assertThat(firstSector()).startsWith(TestGuest.DISK_MARK_PREFIX + "first\n");
        JsonNode previewed = api.get("api/v1/vms/" + vmId);
        assertThat(previewed.path("memoryMiB").asInt()).isEqualTo(256);
        assertThat(previewed.path("boot").path("cmdline").asText()).isEqualTo(guest.cmdline("first"));

        assertThat(cli("snapshot", "undo", "--vm", "it-snap-vm", firstSnapshot)).contains("OK");
        assertThat(firstSector()).startsWith(TestGuest.DISK_MARK_PREFIX + "second\n");
        JsonNode back = api.get("api/v1/vms/" + vmId);
        assertThat(back.path("memoryMiB").asInt()).as("the undo gives the VM its own configuration back").isEqualTo(384);
        assertThat(back.path("boot").path("cmdline").asText()).isEqualTo(guest.cmdline("second"));
        assertThat(api.get("api/v1/vms/" + vmId + "/disks").path("items").path(0).path("diskId").asText()).isEqualTo(diskId);
        api.send("PATCH", "api/v1/vms/" + vmId, Map.of("memoryMiB", 256, "version", back.path("version").asLong()));
    }

    @Test
    @Order(3)
    void aLiveSnapshotIsDeletedWithALiveMergeWhileTheGuestKeepsCounting() throws IOException {
        api.send("PATCH", "api/v1/vms/" + vmId, Map.of("boot", boot(guest.ticking(), "third"), "version", api.get("api/v1/vms/" + vmId).path("version").asLong()));
        api.post("api/v1/vms/" + vmId + "/start", null, 200);
        Await.until("the ticking guest to count", GUEST_BOOT, () -> TestGuest.lastTick(read(agent.serialLog(vmId))), t -> t >= 2,
                () -> read(agent.serialLog(vmId)) + logTails());

        JsonNode live = api.post("api/v1/vms/" + vmId + "/snapshots", Map.of("description", "live"), 201);
        assertThat(live.path("live").asBoolean()).isTrue();
        assertThat(api.get("api/v1/vms/" + vmId + "/snapshots").path("disks").path(0).path("volumes")).hasSize(3);

        // a live move (storage migration) of the whole chain to a posix domain while the guest counts
        Path posix = Files.createDirectories(work.resolve("posix"));
        String posixDomain = api.post("api/v1/storagedomains", Map.of("name", "it-snap-posix", "type", "posix", "path", posix.toString()), 201)
                .path("id").asText();
        String nfsDomain = api.get("api/v1/disks/" + diskId).path("storageDomainId").asText();
        int beforeMove = TestGuest.lastTick(read(agent.serialLog(vmId)));
        String moving = cli("disk", "move", "it-snap-disk", "--storage", "it-snap-posix");
        JsonNode moved = awaitJob(moving.replaceAll("(?s).*job ([0-9a-f-]{36}).*", "$1"));
        assertThat(moved.path("status").asText()).as(moved.toString()).isEqualTo("finished");
        assertThat(api.get("api/v1/disks/" + diskId).path("storageDomainId").asText()).isEqualTo(posixDomain);
        assertThat(qcow2Files(posix.resolve("images/" + diskId))).as("the chain's three volumes on the posix domain").isEqualTo(3);
        assertThat(qcow2Files(lab.nfsExportDir().resolve("images/" + diskId))).as("none left on the export").isZero();
        Await.until("the guest to go on counting after the move", GUEST_BOOT, () -> TestGuest.lastTick(read(agent.serialLog(vmId))),
                t -> t >= beforeMove + 3, () -> read(agent.serialLog(vmId)) + logTails());
        int before = TestGuest.lastTick(read(agent.serialLog(vmId)));

        // the live one is merged live (its layer is the active one: commit and pivot), then the first one
        for (String snapshot : List.of(live.path("id").asText(), firstSnapshot)) {
            String job = api.send("DELETE", "api/v1/vms/" + vmId + "/snapshots/" + snapshot, null).body().path("jobId").asText();
            JsonNode done = Await.until("the merge job", GUEST_BOOT, () -> api.get("api/v1/jobs/" + job),
                    j -> !"running".equals(j.path("status").asText()), this::logTails);
            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("finished");
        }

        Await.until("the guest to go on counting", GUEST_BOOT, () -> TestGuest.lastTick(read(agent.serialLog(vmId))), t -> t >= before + 3,
                () -> read(agent.serialLog(vmId)) + logTails());
        assertThat(api.get("api/v1/vms/" + vmId).path("status").asText()).isEqualTo("Up");
        JsonNode chain = api.get("api/v1/vms/" + vmId + "/snapshots");
        assertThat(chain.path("items")).isEmpty();
        assertThat(chain.path("disks").path(0).path("volumes")).hasSize(1);
        api.post("api/v1/vms/" + vmId + "/stop", null, 200);
        Await.until("VM to be Down", GUEST_BOOT, () -> api.get("api/v1/vms/" + vmId), v -> "Down".equals(v.path("status").asText()), this::logTails);
        // the merges ran on the posix domain (on the nodes the live move opened); back to NFS offline, as one new volume
        JsonNode back = awaitJob(api.post("api/v1/disks/" + diskId + "/move", Map.of("storageDomainId", nfsDomain), 202).path("jobId").asText());
        assertThat(back.path("status").asText()).as(back.toString()).isEqualTo("finished");
        assertThat(qcow2Files(posix.resolve("images/" + diskId))).isZero();
        assertThat(firstSector()).as("the merged base holds what the guest wrote last").startsWith(TestGuest.DISK_MARK_PREFIX + "third\n");
        assertThat(qcow2Files(lab.nfsExportDir().resolve("images/" + diskId))).as("one volume left on the export").isEqualTo(1);
    }

    private JsonNode awaitJob(String job) {
        return Await.until("job " + job, GUEST_BOOT, () -> api.get("api/v1/jobs/" + job), j -> !"running".equals(j.path("status").asText()),
                this::logTails);
    }

    private static long qcow2Files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".qcow2")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Order(4)
    void aTemplateFromTheVmBootsThreeThinVmsAndOneCloneThatAllReadItsDisk() {
        if (!"Down".equals(api.get("api/v1/vms/" + vmId).path("status").asText())) {
            api.post("api/v1/vms/" + vmId + "/stop", null, 200);
            Await.until("VM to be Down", GUEST_BOOT, () -> api.get("api/v1/vms/" + vmId), v -> "Down".equals(v.path("status").asText()), this::logTails);
        }
        String made = cli("template", "create", "--vm", "it-snap-vm", "--name", "it-tpl");
        String job = made.replaceAll("(?s).*job ([0-9a-f-]{36}).*", "$1");
        JsonNode copied = Await.until("the template's copy job", GUEST_BOOT, () -> api.get("api/v1/jobs/" + job),
                j -> !"running".equals(j.path("status").asText()), this::logTails);
        assertThat(copied.path("status").asText()).as(copied.toString()).isEqualTo("finished");
        String template = api.get("api/v1/templates").path("items").path(0).path("id").asText();

        List<String> vms = new java.util.ArrayList<>();
        for (String name : List.of("it-thin-1", "it-thin-2", "it-thin-3")) {
            vms.add(api.post("api/v1/templates/" + template + "/vms", Map.of("name", name, "mode", "thin"), 201).path("vm").path("id").asText());
        }
        assertThat(cli("template", "new-vm", "it-tpl", "--name", "it-clone", "--mode", "clone")).contains("it-clone", "job");
        String clone = api.get("api/v1/vms?name=it-clone").path("items").path(0).path("id").asText();
        Await.until("the clone's disk to be copied", GUEST_BOOT, () -> api.get("api/v1/vms/" + clone + "/disks").path("items").path(0),
                d -> "OK".equals(d.path("status").asText()), this::logTails);
        vms.add(clone);

        vms.forEach(vm -> api.post("api/v1/vms/" + vm + "/start", null, 200));
        for (String vm : vms) {
            String serial = Await.until("the guest of " + vm + " to write its mark", GUEST_BOOT, () -> read(agent.serialLog(vm)),
                    t -> t.contains(TestGuest.DISK_WROTE_MARKER), () -> read(agent.serialLog(vm)) + logTails());
            assertThat(serial).as("the template's mark, read through the thin chain or the copy")
                    .contains(TestGuest.DISK_FOUND_MARKER + TestGuest.DISK_MARK_PREFIX + "third");
        }
        vms.forEach(vm -> api.post("api/v1/vms/" + vm + "/stop", null, 200));

        Api.Response refused = api.send("DELETE", "api/v1/templates/" + template, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("detail").asText()).contains("it-thin-1", "it-thin-2", "it-thin-3").doesNotContain("it-clone");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static Map<String, Object> boot(TestGuest g, String mark) {
        return Map.of("kernel", g.kernel().toString(), "initrd", g.initrd().toString(), "cmdline", g.cmdline(mark));
    }

    /** Boots the VM until its guest wrote {@code mark}, stops it; answers the serial console. */
    private String bootAndStop(String mark, String found) {
        api.post("api/v1/vms/" + vmId + "/start", null, 200);
        String serial = Await.until("the guest's mark " + mark, GUEST_BOOT, () -> read(agent.serialLog(vmId)),
                s -> s.contains(TestGuest.DISK_WROTE_MARKER + TestGuest.DISK_MARK_PREFIX + mark), () -> read(agent.serialLog(vmId)) + logTails());
        api.post("api/v1/vms/" + vmId + "/stop", null, 200);
        Await.until("VM to be Down", GUEST_BOOT, () -> api.get("api/v1/vms/" + vmId), v -> "Down".equals(v.path("status").asText()), this::logTails);
        return serial;
    }

    /** The first sector the guest would read now: the disk's active volume read through its chain with qemu-img over nfs://. */
    private String firstSector() {
        String active = api.get("api/v1/disks/" + diskId).path("volumeId").asText();
        Path out = work.resolve("sector-" + System.nanoTime());
        run("qemu-img", "dd", "-f", "qcow2", "-O", "raw", "bs=512", "count=1",
                "if=" + lab.nfsUrl() + "/images/" + diskId + "/" + active + ".qcow2", "of=" + out);
        return read(out);
    }

    private String cli(String... args) {
        return Commands.cli(manager, PASSWORD, logs, "snapshot", args);
    }

    private void run(String... command) {
        Commands.run(Map.of(), command);
    }

    private static String read(Path file) {
        return Commands.read(file);
    }

    private String logTails() {
        return manager.logTail(40) + "\n" + agent.logTail(40);
    }
}
