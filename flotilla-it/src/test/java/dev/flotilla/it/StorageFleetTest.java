package dev.flotilla.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.agent.testguest.TestGuest;
import dev.flotilla.agent.testlab.StorageLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Storage end to end: the manager jar, one agent on the qemu driver, the storage lab's real
 * nfs-ganesha and tgtd, and the test guest. Wrong storage is refused with nothing left behind; an
 * NFS data domain is added, a qcow2 disk made and attached with the CLI, the guest boots with it
 * as vda and writes a mark that the host then reads back from the image over nfs://; the same on
 * an iSCSI LUN behind CHAP, whose secret QEMU reads from a file, never from its command line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageFleetTest {

    private static final Duration HOST_UP = Duration.ofMinutes(2);
    private static final Duration GUEST_BOOT = Duration.ofMinutes(3);
    private static final String PASSWORD = "it-storage-password";
    private static final String MARK = "it-storage-mark";
    private static final long MIB = 1024 * 1024;

    private StorageLab lab;
    private TestGuest guest;
    private Path work;
    private Path logs;
    private ManagerProcess manager;
    private Api api;
    private AgentProcess agent;
    private String hostId;
    private String domainId;
    private String diskId;
    private String vmId;

    @BeforeAll
    void start() throws IOException {
        Machine.requireQemu();
        lab = StorageLab.shared();
        guest = TestGuest.build();
        work = Files.createTempDirectory("flotilla-it-storage");
        logs = Path.of("target", "it-logs").toAbsolutePath();
        int[] ports = Machine.freePorts(2);
        manager = ManagerProcess.start(work.resolve("manager"), ports[0], ports[1], PASSWORD, logs.resolve("storage-manager.log"));
        manager.awaitHealthy();
        api = manager.api();
        String token = api.post("api/v1/hosts/enrollment-tokens", Map.of("ttlMinutes", 60), 201).path("token").asText();
        agent = AgentProcess.enroll("it-storage-host", work.resolve("agent"), manager.agentPort(), "16900-16949",
                logs.resolve("storage-agent.log"), token);
        JsonNode host = Await.until("the host to be Up", HOST_UP, () -> api.get("api/v1/hosts?name=it-storage-host").path("items").path(0),
                h -> "Up".equals(h.path("status").asText()), this::logTails);
        hostId = host.path("id").asText();
    }

    @AfterAll
    void stop() {
        Machine.stopFleet(agent == null ? java.util.List.of() : java.util.List.of(agent), manager, work);
    }

    @Test
    @Order(1)
    void aWrongNfsExportIsRefusedWithTheServersWordsAndLeavesNothing() {
        Api.Response r = api.send("POST", "api/v1/storagedomains", Map.of("name", "it-wrong-export", "type", "nfs",
                "nfs", Map.of("server", lab.storageAddress(), "export", "/wrong")));

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.body().path("errors").path(0).path("field").asText()).isEqualTo("nfs.export");
        assertThat(r.body().path("detail").asText()).contains("exports no path /wrong", "/export");
        assertNothingLeft("it-wrong-export");
    }

    @Test
    @Order(2)
    void aWrongChapSecretIsRefusedOnTheSecretWhichIsNeverEchoed() {
        String secret = "it-wrong-chap-secret";
        Api.Response r = api.send("POST", "api/v1/storagedomains", Map.of("name", "it-wrong-chap", "type", "iscsi",
                "iscsi", Map.of("portal", lab.iscsiPortal(), "target", lab.iscsiChapIqn(), "chapUser", lab.chapUser(), "chapSecret", secret)));

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.body().path("errors").path(0).path("field").asText()).isEqualTo("iscsi.chapSecret");
        assertThat(r.body().path("detail").asText()).contains("refused the CHAP login of user " + lab.chapUser());
        assertThat(r.body().toString()).doesNotContain(secret);
        assertNothingLeft("it-wrong-chap");
        assertThat(api.get("api/v1/events?size=200").toString()).doesNotContain(secret);
    }

    @Test
    @Order(3)
    void anNfsDataDomainIsAddedActiveWithTheSpaceTheHostFound() {
        JsonNode d = api.post("api/v1/storagedomains", Map.of("name", "it-nfs", "type", "nfs", "description", "the lab's export",
                "nfs", Map.of("server", lab.storageAddress(), "export", lab.nfsExport())), 201);

        domainId = d.path("id").asText();
        assertThat(d.path("status").asText()).isEqualTo("Active");
        assertThat(d.path("hostId").asText()).isEqualTo(hostId);
        assertThat(d.path("freeBytes").asLong()).isPositive();
        assertThat(d.path("totalBytes").asLong()).isGreaterThanOrEqualTo(d.path("freeBytes").asLong());
    }

    @Test
    @Order(4)
    void aRawDiskLargerThanTheFreeSpaceIsRefusedWithTheFigures() {
        long free = api.get("api/v1/storagedomains/" + domainId).path("freeBytes").asLong();

        Api.Response r = api.send("POST", "api/v1/disks", Map.of("name", "it-too-big", "storageDomainId", domainId,
                "sizeBytes", free + 1024 * MIB, "format", "raw"));

        assertThat(r.status()).as(r.toString()).isEqualTo(409);
        assertThat(r.body().path("detail").asText()).contains("storage domain it-nfs has", "free; a raw (preallocated) disk of");
        assertThat(r.body().path("details").toString()).contains("free: " + free + " bytes");
        assertThat(api.get("api/v1/disks?name=it-too-big").path("total").asLong()).isZero();
    }

    @Test
    @Order(5)
    void theCliMakesAQcow2DiskInTheImagesLayoutAndAttachesItToAVm() {
        String made = cli("disk", "create", "--name", "it-data", "--storage", "it-nfs", "--size", "64M");

        JsonNode disk = api.get("api/v1/disks?name=it-data").path("items").path(0);
        diskId = disk.path("id").asText();
        assertThat(made).contains("it-data", "OK", "64MiB", "qcow2");
        Path dir = lab.nfsExportDir().resolve("images").resolve(diskId);
        assertThat(dir.resolve(disk.path("volumeId").asText() + ".qcow2")).isRegularFile();
        assertThat(read(dir.resolve(disk.path("volumeId").asText() + ".meta"))).contains("DISK=" + diskId, "FORMAT=qcow2",
                "SIZE=" + 64 * MIB);

        Map<String, Object> boot = Map.of("kernel", guest.kernel().toString(), "initrd", guest.initrd().toString(), "cmdline", guest.watchingDisks().cmdline(MARK));
        vmId = api.post("api/v1/vms", Map.of("name", "it-disk-vm", "cpus", 1, "memoryMiB", 256, "boot", boot), 201).path("id").asText();
        String attached = cli("disk", "attach", "it-data", "--vm", "it-disk-vm", "--bootable");

        assertThat(attached).contains("it-data", "virtio-blk", "yes");
        assertThat(cli("disk", "list", "--vm", "it-disk-vm")).contains("it-data");
    }

    @Test
    @Order(6)
    void theGuestSeesItsDiskAsVdaAndWritesOnIt() {
        api.post("api/v1/vms/" + vmId + "/start", null, 200);

        Await.until("VM it-disk-vm to be Up", GUEST_BOOT, () -> api.get("api/v1/vms/" + vmId),
                vm -> "Up".equals(vm.path("status").asText()), this::logTails);
        String serial = Await.until("the guest's mark on its disk", GUEST_BOOT, () -> read(agent.serialLog(vmId)),
                s -> s.contains(TestGuest.DISK_WROTE_MARKER), () -> read(agent.serialLog(vmId)) + logTails());
        assertThat(serial).contains(TestGuest.DISK_WROTE_MARKER + TestGuest.DISK_MARK_PREFIX + MARK);
        assertThat(serial).doesNotContain("FLOTILLA-DISK-MISSING");
        String cmdline = read(Path.of("/proc", Long.toString(agent.qemuPid(vmId).orElseThrow()), "cmdline")).replace('\0', ' ');
        assertThat(cmdline).contains("\"driver\":\"nfs\"", "\"driver\":\"qcow2\"", "virtio-blk-pci,drive=drive0,id=disk-" + diskId);
    }

    @Test
    @Order(7)
    void aDiskPluggedIntoTheRunningGuestAppearsAsVdbLeavesWhenUnpluggedAndMovesToAPosixDomain() throws IOException {
        String made = api.post("api/v1/disks", Map.of("name", "it-hot", "storageDomainId", domainId, "sizeBytes", 16 * MIB), 201)
                .path("id").asText();
        assertThat(cli("disk", "attach", "it-hot", "--vm", "it-disk-vm")).contains("it-hot");
        Await.until("the guest to see the plugged disk as vdb", GUEST_BOOT, () -> read(agent.serialLog(vmId)),
                s -> TestGuest.lastDisks(s).equals("vda vdb"), () -> read(agent.serialLog(vmId)) + logTails());
        assertThat(cli("disk", "detach", "it-hot")).contains("detached");
        Await.until("the guest to let the unplugged disk go", GUEST_BOOT, () -> read(agent.serialLog(vmId)),
                s -> TestGuest.lastDisks(s).equals("vda"), () -> read(agent.serialLog(vmId)) + logTails());
        assertThat(api.get("api/v1/vms/" + vmId + "/disks").path("total").asLong()).isEqualTo(1);

        // offline move to a posix domain: qemu-img convert from nfs:// into the directory, then the old volume goes
        Path posix = Files.createDirectories(work.resolve("posix-domain"));
        api.post("api/v1/storagedomains", Map.of("name", "it-posix", "type", "posix", "path", posix.toString()), 201);
        assertThat(cli("disk", "move", "it-hot", "--storage", "it-posix")).contains("job");
        Await.until("the move to finish", GUEST_BOOT, () -> api.get("api/v1/disks/" + made),
                d -> "OK".equals(d.path("status").asText()) && d.path("storageDomainName").asText().equals("it-posix"), this::logTails);
        JsonNode moved = api.get("api/v1/disks/" + made);
        assertThat(posix.resolve("images").resolve(made).resolve(moved.path("volumeId").asText() + ".qcow2")).isRegularFile();
        assertThat(lab.nfsExportDir().resolve("images").resolve(made)).doesNotExist();
        assertThat(api.get("api/v1/jobs?objectId=" + made).path("items").path(0).path("progress").asInt()).isEqualTo(100);
        assertThat(api.send("DELETE", "api/v1/disks/" + made, null).status()).isEqualTo(204);
        assertThat(cli("storage", "deactivate", "it-posix")).contains("Maintenance");
        assertThat(cli("storage", "delete", "it-posix")).contains("deleted");
    }

    @Test
    @Order(8)
    void aDiskInUseByARunningVmIsNotDeletedAndItsMarkIsReadBackFromTheImage() {
        Api.Response refused = api.send("DELETE", "api/v1/disks/" + diskId, null);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.body().path("detail").asText()).contains("attached to VM it-disk-vm");

        api.post("api/v1/vms/" + vmId + "/stop", null, 200);
        Await.until("VM it-disk-vm to be Down", GUEST_BOOT, () -> api.get("api/v1/vms/" + vmId),
                vm -> "Down".equals(vm.path("status").asText()), this::logTails);

        JsonNode disk = api.get("api/v1/disks/" + diskId);
        String url = lab.nfsUrl() + "/images/" + diskId + "/" + disk.path("volumeId").asText() + ".qcow2";
        Path out = work.resolve("first-sector");
        run("qemu-img", "dd", "-f", "qcow2", "-O", "raw", "bs=512", "count=1", "if=" + url, "of=" + out);
        assertThat(read(out)).startsWith(TestGuest.DISK_MARK_PREFIX + MARK + "\n");
    }

    @Test
    @Order(9)
    void deletingTheDiskRemovesItsDirectoryAndTheDomainCanThenBeRemoved() {
        assertThat(api.send("DELETE", "api/v1/disks/" + diskId, null).status()).isEqualTo(204);

        assertThat(lab.nfsExportDir().resolve("images").resolve(diskId)).doesNotExist();
        assertThat(api.get("api/v1/vms/" + vmId + "/disks").path("total").asLong()).isZero();
        assertThat(cli("storage", "deactivate", "it-nfs")).contains("Maintenance");
        assertThat(cli("storage", "delete", "it-nfs")).contains("deleted");
        assertNothingLeft("it-nfs");
    }

    @Test
    @Order(10)
    void aQcow2DiskOnAChapLunIsWrittenByItsGuest() {
        JsonNode domain = api.post("api/v1/storagedomains", Map.of("name", "it-iscsi", "type", "iscsi", "iscsi", Map.of(
                "portal", lab.iscsiPortal(), "target", lab.iscsiChapIqn(), "chapUser", lab.chapUser(), "chapSecret", lab.chapSecret())), 201);
        assertThat(domain.path("status").asText()).isEqualTo("Active");
        assertThat(domain.toString()).doesNotContain(lab.chapSecret());
        assertThat(cli("storage", "luns", "it-iscsi")).contains("free");

        JsonNode disk = api.post("api/v1/disks", Map.of("name", "it-lun-disk", "storageDomainId", domain.path("id").asText(),
                "sizeBytes", 64 * MIB), 201);
        assertThat(disk.path("lun").asInt()).isIn(lab.iscsiChapLuns().toArray());
        Map<String, Object> boot = Map.of("kernel", guest.kernel().toString(), "initrd", guest.initrd().toString(),
                "cmdline", guest.cmdline("it-lun-mark"));
        String vm = api.post("api/v1/vms", Map.of("name", "it-lun-vm", "cpus", 1, "memoryMiB", 256, "boot", boot), 201).path("id").asText();
        api.post("api/v1/vms/" + vm + "/disks", Map.of("diskId", disk.path("id").asText(), "bootable", true), 201);

        api.post("api/v1/vms/" + vm + "/start", null, 200);
        Await.until("the guest's mark on its LUN", GUEST_BOOT, () -> read(agent.serialLog(vm)),
                t -> t.contains(TestGuest.DISK_WROTE_MARKER + TestGuest.DISK_MARK_PREFIX + "it-lun-mark"), () -> read(agent.serialLog(vm)) + logTails());
        String cmdline = read(Path.of("/proc", Long.toString(agent.qemuPid(vm).orElseThrow()), "cmdline")).replace('\0', ' ');
        assertThat(cmdline).contains("\"driver\":\"iscsi\"", "password-secret").doesNotContain(lab.chapSecret());
        api.post("api/v1/vms/" + vm + "/stop", null, 200);
        Await.until("VM it-lun-vm to be Down", GUEST_BOOT, () -> api.get("api/v1/vms/" + vm),
                v -> "Down".equals(v.path("status").asText()), this::logTails);

        Path out = work.resolve("lun-first-sector");
        String url = "iscsi://" + lab.iscsiPortal() + "/" + lab.iscsiChapIqn() + "/" + disk.path("lun").asInt();
        run(Map.of("LIBISCSI_CHAP_USERNAME", lab.chapUser(), "LIBISCSI_CHAP_PASSWORD", lab.chapSecret()),
                "qemu-img", "dd", "-f", "qcow2", "-O", "raw", "bs=512", "count=1", "if=" + url, "of=" + out);
        assertThat(read(out)).startsWith(TestGuest.DISK_MARK_PREFIX + "it-lun-mark\n");
        assertThat(api.send("DELETE", "api/v1/disks/" + disk.path("id").asText(), null).status()).isEqualTo(204);
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** No domain of that name, and an event (error for a refusal) that names it. */
    private void assertNothingLeft(String name) {
        assertThat(StreamSupport.stream(api.get("api/v1/storagedomains?size=1000").path("items").spliterator(), false)
                .map(d -> d.path("name").asText())).doesNotContain(name);
        assertThat(api.get("api/v1/events?objectType=storage_domain&size=200").path("items").findValuesAsText("message"))
                .anySatisfy(m -> assertThat(m).contains(name));
    }

    /** Runs the CLI jar against the manager; it must succeed. Returns what it printed. */
    private String cli(String... args) {
        return Commands.cli(manager, PASSWORD, logs, "storage", args);
    }

    private void run(String... command) {
        run(Map.of(), command);
    }

    private void run(Map<String, String> env, String... command) {
        Commands.run(env, command);
    }

    private static String read(Path file) {
        return Commands.read(file);
    }

    private String logTails() {
        return manager.logTail(40) + "\n" + agent.logTail(40);
    }
}
