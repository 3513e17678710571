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
 * an iSCSI LUN behind CHAP, whose secret QEMU reads from a file, never from its command line; a
 * qcow2 image uploaded onto that LUN reads the same there and when downloaded, and one larger than
 * the LUN is refused with both sizes; a stopped VM's disk moves offline from NFS onto a LUN and the
 * guest boots from it and finds what the disk held; its running guest's disk moves live onto the LUN
 * behind CHAP and off it to a posix domain while it counts; the disk moves offline onto the CHAP LUN and
 * a copy off it onto NFS compares equal; a guest that fills a small posix domain (a tmpfs) pauses for want of space
 * and is resumed by the manager once the file system grows; a posix domain copied with {@code cp -a} is
 * imported (its disk skipped while the manager still has it, registered once it lost it) and the
 * imported disk still holds its mark; so is an NFS domain copied on the server into another directory
 * of the export, which the host lists over NFS without a kernel mount.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageFleetTest {

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
        OneHostFleet fleet = OneHostFleet.start("storage", PASSWORD, "16900-16949");
        work = fleet.work();
        logs = fleet.logs();
        manager = fleet.manager();
        api = fleet.api();
        agent = fleet.agent();
        hostId = fleet.hostId();
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
        // the first virtio-blk disk sits at its fixed slot (slot 0: address 0x10 on the root bus), so a migration's target has it there too
        assertThat(cmdline).contains("\"driver\":\"nfs\"", "\"driver\":\"qcow2\"",
                "virtio-blk-pci,drive=drive0,bus=pcie.0,addr=0x10,id=disk-" + diskId);
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

    @Test
    @Order(11)
    void aQcow2UploadedOntoALunComesBackTheSameAndOneTheLunCannotHoldIsRefusedWithTheFigures() throws IOException {
        String domain = api.get("api/v1/storagedomains?name=it-iscsi").path("items").path(0).path("id").asText();
        Map<String, String> chap = Map.of("LIBISCSI_CHAP_USERNAME", lab.chapUser(), "LIBISCSI_CHAP_PASSWORD", lab.chapSecret());

        // a small file whose guest could write twice what the LUN holds: the host refuses it before writing
        Path big = work.resolve("lun-too-big.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", big.toString(), Long.toString(2 * lab.lunBytes()));
        byte[] bigBytes = Files.readAllBytes(big);
        JsonNode t = api.post("api/v1/imagetransfers", Map.of("name", "it-lun-too-big", "storageDomainId", domain, "format", "qcow2",
                "sizeBytes", bigBytes.length), 201);
        int lun = api.get("api/v1/disks/" + t.path("diskId").asText()).path("lun").asInt();
        assertThat(lun).isIn(lab.iscsiChapLuns().toArray());
        assertThat(api.putBytes(t.path("transferUrl").asText().substring(1), bigBytes, null).status()).isEqualTo(200);
        Api.Response refused = api.send("POST", "api/v1/imagetransfers/" + t.path("id").asText() + "/finalize", null);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.body().path("detail").asText()).contains("LUN " + lun + " holds 1 GiB (" + lab.lunBytes() + " bytes)",
                "the qcow2 image needs 2 GiB (" + 2 * lab.lunBytes() + " bytes)");
        assertThat(api.get("api/v1/disks?name=it-lun-too-big").path("total").asLong()).isZero();

        // data at both ends of a 64 MiB qcow2, uploaded with the CLI onto the LUN, read there and downloaded back
        Path image = work.resolve("lun-upload.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "64M");
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 1M", "-c", "write -P 0xa5 63M 1M", image.toString());
        assertThat(cli("disk", "upload", image.toString(), "--name", "it-lun-upload", "--storage", "it-iscsi", "--format", "qcow2"))
                .contains("it-lun-upload", "OK", "qcow2");
        JsonNode disk = api.get("api/v1/disks?name=it-lun-upload").path("items").path(0);
        assertThat(disk.path("lun").asInt()).isEqualTo(lun);
        assertThat(disk.path("sizeBytes").asLong()).isEqualTo(64 * MIB);
        String url = "iscsi://" + lab.iscsiPortal() + "/" + lab.iscsiChapIqn() + "/" + lun;
        run(chap, "qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", image.toString(), url);
        Path back = work.resolve("lun-download.qcow2");
        assertThat(cli("disk", "download", "it-lun-upload", "--to", back.toString())).contains("downloaded");
        run("qemu-img", "compare", "-f", "qcow2", "-F", "qcow2", image.toString(), back.toString());
        assertThat(api.send("DELETE", "api/v1/disks/" + disk.path("id").asText(), null).status()).isEqualTo(204);
    }

    @Test
    @Order(12)
    void aStoppedDisksMovesOntoALunBootsThereMovesLiveOntoTheChapLunAndOffItAndIsCopiedBackOffALun() throws IOException {
        String nfs = api.post("api/v1/storagedomains", Map.of("name", "it-nfs-live", "type", "nfs",
                "nfs", Map.of("server", lab.storageAddress(), "export", lab.nfsExport())), 201).path("id").asText();
        String open = api.post("api/v1/storagedomains", Map.of("name", "it-iscsi-open", "type", "iscsi",
                "iscsi", Map.of("portal", lab.iscsiPortal(), "target", lab.iscsiIqn())), 201).path("id").asText();
        JsonNode made = api.post("api/v1/disks", Map.of("name", "it-lun-mover", "storageDomainId", nfs, "sizeBytes", 64 * MIB), 201);
        String disk = made.path("id").asText();
        Map<String, Object> boot = Map.of("kernel", guest.kernel().toString(), "initrd", guest.initrd().toString(),
                "cmdline", guest.ticking().cmdline("it-moved-mark"));
        String vm = api.post("api/v1/vms", Map.of("name", "it-lun-move-vm", "cpus", 1, "memoryMiB", 256, "boot", boot), 201).path("id").asText();
        api.post("api/v1/vms/" + vm + "/disks", Map.of("diskId", disk, "bootable", true), 201);

        // offline NFS -> LUN: what the disk holds (a mark the host writes over nfs://) goes with it, by qemu-img convert
        Path mark = Files.writeString(work.resolve("offline-mark"), TestGuest.DISK_MARK_PREFIX + "it-offline-mark\n");
        run("qemu-io", "-f", "qcow2", "-c", "write -s " + mark + " 0 " + Files.size(mark),
                lab.nfsUrl() + "/images/" + disk + "/" + made.path("volumeId").asText() + ".qcow2");
        JsonNode offline = awaitJob(jobOf(cli("disk", "move", "it-lun-mover", "--storage", "it-iscsi-open")));
        assertThat(offline.path("status").asText()).as(offline.toString()).isEqualTo("finished");
        assertThat(offline.path("progress").asInt()).isEqualTo(100);
        JsonNode onLun = api.get("api/v1/disks/" + disk);
        assertThat(onLun.path("storageDomainName").asText()).isEqualTo("it-iscsi-open");
        assertThat(onLun.path("status").asText()).isEqualTo("OK");
        assertThat(onLun.path("lun").asInt()).isIn(lab.iscsiLuns().toArray());
        assertThat(lab.nfsExportDir().resolve("images").resolve(disk)).doesNotExist();

        // the guest boots from the LUN and finds the mark there
        api.post("api/v1/vms/" + vm + "/start", null, 200);
        Await.until("the guest to count", GUEST_BOOT, () -> TestGuest.lastTick(read(agent.serialLog(vm))), t -> t >= 2,
                () -> read(agent.serialLog(vm)) + logTails());
        assertThat(read(agent.serialLog(vm))).contains(TestGuest.DISK_FOUND_MARKER + TestGuest.DISK_MARK_PREFIX + "it-offline-mark");

        // live onto the LUN behind CHAP: QEMU opens it with the domain's login, the secret on no command line
        String chapDomain = api.get("api/v1/storagedomains?name=it-iscsi").path("items").path(0).path("id").asText();
        JsonNode chap = awaitJob(api.post("api/v1/disks/" + disk + "/move", Map.of("storageDomainId", chapDomain), 202).path("jobId").asText());
        assertThat(chap.path("status").asText()).as(chap.toString()).isEqualTo("finished");
        JsonNode moved = api.get("api/v1/disks/" + disk);
        assertThat(moved.path("storageDomainName").asText()).isEqualTo("it-iscsi");
        assertThat(moved.path("lun").asInt()).isIn(lab.iscsiChapLuns().toArray());
        assertThat(api.get("api/v1/storagedomains/" + open + "/luns").toString()).doesNotContain("it-lun-mover");
        assertThat(read(Path.of("/proc", Long.toString(agent.qemuPid(vm).orElseThrow()), "cmdline"))).doesNotContain(lab.chapSecret());
        int ticks = TestGuest.lastTick(read(agent.serialLog(vm)));
        Await.until("the guest to count on after the move onto the CHAP LUN", GUEST_BOOT, () -> TestGuest.lastTick(read(agent.serialLog(vm))),
                t -> t >= ticks + 3, () -> read(agent.serialLog(vm)) + logTails());

        // LUN -> posix: the file volume made, mirrored, pivoted; the LUN is free again (not back onto the same
        // NFS names: ganesha answers NFS3ERR_STALE for a while for a name removed and made again)
        Path posix = Files.createDirectories(work.resolve("posix-live"));
        String files = api.post("api/v1/storagedomains", Map.of("name", "it-posix-live", "type", "posix", "path", posix.toString()), 201)
                .path("id").asText();
        JsonNode back = awaitJob(api.post("api/v1/disks/" + disk + "/move", Map.of("storageDomainId", files), 202).path("jobId").asText());
        assertThat(back.path("status").asText()).as(back.toString()).isEqualTo("finished");
        JsonNode home = api.get("api/v1/disks/" + disk);
        assertThat(home.path("storageDomainName").asText()).isEqualTo("it-posix-live");
        assertThat(home.path("lun").isNull() || home.path("lun").isMissingNode()).as(home.toString()).isTrue();
        int later = TestGuest.lastTick(read(agent.serialLog(vm)));
        Await.until("the guest to count on after the move back", GUEST_BOOT, () -> TestGuest.lastTick(read(agent.serialLog(vm))),
                t -> t >= later + 3, () -> read(agent.serialLog(vm)) + logTails());
        assertThat(cli("storage", "luns", "it-iscsi")).doesNotContain("it-lun-mover");

        // what the guest wrote at boot came along every way
        api.post("api/v1/vms/" + vm + "/stop", null, 200);
        Await.until("VM it-lun-move-vm to be Down", GUEST_BOOT, () -> api.get("api/v1/vms/" + vm),
                v -> "Down".equals(v.path("status").asText()), this::logTails);
        Path out = work.resolve("moved-first-sector");
        run("qemu-img", "dd", "-f", "qcow2", "-O", "raw", "bs=512", "count=1",
                "if=" + posix.resolve("images").resolve(disk).resolve(home.path("volumeId").asText() + ".qcow2"), "of=" + out);
        assertThat(read(out)).startsWith(TestGuest.DISK_MARK_PREFIX + "it-moved-mark\n");

        // offline onto the CHAP LUN (qemu-img logs in from its environment), then copied off it onto NFS: the same image
        assertThat(awaitJob(api.post("api/v1/disks/" + disk + "/move", Map.of("storageDomainId", chapDomain), 202).path("jobId").asText())
                .path("status").asText()).isEqualTo("finished");
        int lun = api.get("api/v1/disks/" + disk).path("lun").asInt();
        JsonNode copied = awaitJob(jobOf(cli("disk", "copy", "it-lun-mover", "--storage", "it-nfs-live", "--name", "it-lun-copy")));
        assertThat(copied.path("status").asText()).as(copied.toString()).isEqualTo("finished");
        JsonNode copy = api.get("api/v1/disks?name=it-lun-copy").path("items").path(0);
        assertThat(copy.path("status").asText()).isEqualTo("OK");
        assertThat(api.get("api/v1/disks/" + disk).path("lun").asInt()).as("a copy leaves its source").isEqualTo(lun);
        run(Map.of("LIBISCSI_CHAP_USERNAME", lab.chapUser(), "LIBISCSI_CHAP_PASSWORD", lab.chapSecret()), "qemu-img", "compare", "-f", "qcow2",
                "-F", "qcow2", "iscsi://" + lab.iscsiPortal() + "/" + lab.iscsiChapIqn() + "/" + lun,
                lab.nfsExportDir().resolve("images").resolve(copy.path("id").asText()).resolve(copy.path("volumeId").asText() + ".qcow2").toString());

        assertThat(api.send("DELETE", "api/v1/vms/" + vm, null).status()).isLessThan(300);
        assertThat(api.send("DELETE", "api/v1/disks/" + disk, null).status()).isEqualTo(204);
        assertThat(api.send("DELETE", "api/v1/disks/" + copy.path("id").asText(), null).status()).isEqualTo(204);
        for (String name : List.of("it-nfs-live", "it-iscsi-open", "it-posix-live")) {
            assertThat(cli("storage", "deactivate", name)).contains("Maintenance");
            assertThat(cli("storage", "delete", name)).contains("deleted");
        }
    }

    @Test
    @Order(13)
    void aGuestThatFillsItsDomainIsPausedForWantOfSpaceAndResumedOnceTheDomainHasRoomAgain() throws IOException {
        Path small = Files.createDirectories(work.resolve("small-tmpfs"));
        run("mount", "-t", "tmpfs", "-o", "size=24m", "flotilla-it-small", small.toString());
        try {
            String domain = api.post("api/v1/storagedomains", Map.of("name", "it-small", "type", "posix", "path", small.toString()), 201)
                    .path("id").asText();
            String disk = api.post("api/v1/disks", Map.of("name", "it-filler", "storageDomainId", domain, "sizeBytes", 128 * MIB), 201)
                    .path("id").asText();
            Map<String, Object> boot = Map.of("kernel", guest.kernel().toString(), "initrd", guest.initrd().toString(),
                    "cmdline", guest.ticking().filling(64).cmdline());
            String vm = api.post("api/v1/vms", Map.of("name", "it-filler-vm", "cpus", 1, "memoryMiB", 256, "boot", boot), 201).path("id").asText();
            api.post("api/v1/vms/" + vm + "/disks", Map.of("diskId", disk, "bootable", true), 201);
            api.post("api/v1/vms/" + vm + "/start", null, 200);

            // 64 MiB into a 24 MiB file system: QEMU gets ENOSPC and stops the VM (werror=stop)
            JsonNode paused = Await.until("the VM to pause for want of space", GUEST_BOOT, () -> api.get("api/v1/vms/" + vm),
                    v -> "Paused".equals(v.path("status").asText()), () -> read(agent.serialLog(vm)) + logTails());
            assertThat(paused.path("statusReason").asText()).isEqualTo("storage I/O error on disk-" + disk + " (write: no space left on the storage)");
            assertThat(read(agent.serialLog(vm))).doesNotContain(TestGuest.FILLED_MARKER);
            assertThat(api.get("api/v1/events?size=200&objectId=" + vm).path("items").findValuesAsText("message"))
                    .anySatisfy(m -> assertThat(m).contains("is Paused: storage I/O error on disk-" + disk));

            // the file system grows: the host reports the room, the manager resumes the VM and the write ends
            run("mount", "-o", "remount,size=1g", small.toString());
            Await.until("the manager to resume the VM", GUEST_BOOT, () -> api.get("api/v1/events?size=200&objectId=" + vm),
                    e -> e.path("items").findValuesAsText("message").stream().anyMatch(m -> m.contains("is resumed: storage domain it-small has")
                            && m.contains("MiB free again")), () -> read(agent.serialLog(vm)) + logTails());
            Await.until("the VM to be Up", GUEST_BOOT, () -> api.get("api/v1/vms/" + vm), v -> "Up".equals(v.path("status").asText()),
                    () -> read(agent.serialLog(vm)) + logTails());
            Await.until("the guest to finish its write", GUEST_BOOT, () -> read(agent.serialLog(vm)), t -> t.contains(TestGuest.FILLED_MARKER),
                    () -> read(agent.serialLog(vm)) + logTails());
            int ticks = TestGuest.lastTick(read(agent.serialLog(vm)));
            Await.until("the guest to count on", GUEST_BOOT, () -> TestGuest.lastTick(read(agent.serialLog(vm))), t -> t >= ticks + 2,
                    () -> read(agent.serialLog(vm)) + logTails());

            api.post("api/v1/vms/" + vm + "/stop", null, 200);
            Await.until("VM it-filler-vm to be Down", GUEST_BOOT, () -> api.get("api/v1/vms/" + vm),
                    v -> "Down".equals(v.path("status").asText()), this::logTails);
            assertThat(api.send("DELETE", "api/v1/vms/" + vm, null).status()).isLessThan(300);
            assertThat(api.send("DELETE", "api/v1/disks/" + disk, null).status()).isEqualTo(204);
            assertThat(cli("storage", "deactivate", "it-small")).contains("Maintenance");
            assertThat(cli("storage", "delete", "it-small")).contains("deleted");
        } finally {
            Commands.runQuietly("umount", "-l", small.toString());
        }
    }

    @Test
    @Order(14)
    void aCopiedPosixDomainIsImportedWithItsDiskWhichStillHoldsItsMark() throws IOException {
        // a disk with a mark on a posix domain, then the domain copied whole: a domain this manager never saw
        Path source = Files.createDirectories(work.resolve("import-source"));
        String domain = api.post("api/v1/storagedomains", Map.of("name", "it-import-source", "type", "posix", "path", source.toString()), 201)
                .path("id").asText();
        JsonNode disk = api.post("api/v1/disks", Map.of("name", "it-to-import", "storageDomainId", domain, "sizeBytes", 16 * MIB), 201);
        String made = disk.path("id").asText();
        Path image = source.resolve("images").resolve(made).resolve(disk.path("volumeId").asText() + ".qcow2");
        Path mark = Files.writeString(work.resolve("import-mark"), String.format("%-512s", "it-import-mark"));
        run("qemu-io", "-f", "qcow2", "-c", "write -s " + mark + " 0 512", image.toString());
        Path copy = work.resolve("import-copy");
        Path again = work.resolve("import-copy-again");
        run("cp", "-a", source.toString(), copy.toString());
        run("cp", "-a", source.toString(), again.toString());

        // while this manager has the disk, an import skips it and says why
        JsonNode twice = api.post("api/v1/storagedomains", Map.of("name", "it-import-twice", "type", "posix", "path", again.toString(),
                "import", true), 201);
        assertThat(twice.path("imported").path("imported").asInt()).isZero();
        assertThat(twice.path("imported").path("skipped").path(0).path("reason").asText()).contains("has the disk already", "it-to-import");

        // the manager loses the disk (its files go from the source domain); the copy still holds it
        assertThat(api.send("DELETE", "api/v1/disks/" + made, null).status()).isEqualTo(204);
        assertThat(cli("storage", "create", "--name", "it-imported", "--type", "posix", "--path", copy.toString(), "--import"))
                .contains("it-imported", "1 disk(s) imported");
        assertImportedWithMark(made, "it-imported", copy.toString(), "it-import-mark");
    }

    @Test
    @Order(15)
    void aCopiedNfsDomainIsImportedOverNfsWithItsDiskWhichStillHoldsItsMark() throws IOException {
        // a domain in a directory of the lab's export, a disk with a mark written over nfs://, then the
        // directory copied on the server's side into another one: an NFS domain this manager never saw
        Files.createDirectories(lab.nfsExportDir().resolve("it-import-nfs-source"));
        String domain = api.post("api/v1/storagedomains", Map.of("name", "it-import-nfs-source", "type", "nfs",
                "nfs", Map.of("server", lab.storageAddress(), "export", lab.nfsExport() + "/it-import-nfs-source")), 201).path("id").asText();
        JsonNode disk = api.post("api/v1/disks", Map.of("name", "it-to-import-nfs", "storageDomainId", domain, "sizeBytes", 16 * MIB), 201);
        String made = disk.path("id").asText();
        String image = "/images/" + made + "/" + disk.path("volumeId").asText() + ".qcow2";
        Path mark = Files.writeString(work.resolve("import-nfs-mark"), String.format("%-512s", "it-import-nfs-mark"));
        run("qemu-io", "-f", "qcow2", "-c", "write -s " + mark + " 0 512", lab.nfsUrl() + "/it-import-nfs-source" + image);
        run("cp", "-a", lab.nfsExportDir().resolve("it-import-nfs-source").toString(), lab.nfsExportDir().resolve("it-import-nfs-copy").toString());

        // the manager loses the disk (its files go from the source domain); the copy still holds it
        assertThat(api.send("DELETE", "api/v1/disks/" + made, null).status()).isEqualTo(204);
        assertThat(cli("storage", "create", "--name", "it-imported-nfs", "--type", "nfs", "--server", lab.storageAddress(),
                "--export", lab.nfsExport() + "/it-import-nfs-copy", "--import")).contains("it-imported-nfs", "1 disk(s) imported");
        assertImportedWithMark(made, "it-imported-nfs", lab.nfsUrl() + "/it-import-nfs-copy", "it-import-nfs-mark");
    }

    // ---- helpers ----------------------------------------------------------------------------

    /**
     * The imported disk is OK on {@code domainName} with its size, and its volume, read by qemu-img
     * from {@code domainRoot} (a directory or an nfs:// URL), starts with {@code mark}.
     */
    private void assertImportedWithMark(String diskId, String domainName, String domainRoot, String mark) {
        JsonNode imported = api.get("api/v1/disks/" + diskId);
        assertThat(imported.path("status").asText()).isEqualTo("OK");
        assertThat(imported.path("storageDomainName").asText()).isEqualTo(domainName);
        assertThat(imported.path("sizeBytes").asLong()).isEqualTo(16 * MIB);
        Path out = work.resolve(domainName + "-first-sector");
        run("qemu-img", "dd", "-f", "qcow2", "-O", "raw", "bs=512", "count=1",
                "if=" + domainRoot + "/images/" + diskId + "/" + imported.path("volumeId").asText() + ".qcow2", "of=" + out);
        assertThat(read(out)).startsWith(mark);
    }

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

    /** The job a CLI move or copy started, from what it printed. */
    private static String jobOf(String printed) {
        return printed.replaceAll("(?s).*job ([0-9a-f-]{36}).*", "$1");
    }

    private JsonNode awaitJob(String job) {
        return Await.until("job " + job, GUEST_BOOT, () -> api.get("api/v1/jobs/" + job), j -> !"running".equals(j.path("status").asText()),
                this::logTails);
    }

    private String logTails() {
        return manager.logTail(40) + "\n" + agent.logTail(40);
    }
}
