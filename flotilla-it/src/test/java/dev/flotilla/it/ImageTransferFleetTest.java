package dev.flotilla.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.agent.testguest.TestGuest;
import dev.flotilla.agent.testlab.StorageLab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Image uploads and downloads end to end: the manager jar, one agent, the storage lab's real
 * nfs-ganesha. A qcow2 made with qemu-img is uploaded in two ranges with a restart of the manager
 * between them (the transfer is kept in the database; the second range resumes where the
 * transfer says it stopped), verified by the host's qemu-img, lands byte for byte in the images
 * layout of the export and downloads back the same; an image declared in the wrong format fails
 * at finalize and leaves nothing; a file larger than the domain's free space is refused with the
 * figures; an ISO made with xorriso goes to an iso domain and is listed there. A VM boots from an
 * isolinux CD (the test guest's kernel and initrd) uploaded with the CLI, and its CD is ejected and
 * changed while it runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImageTransferFleetTest {

    private static final Duration HOST_UP = Duration.ofMinutes(2);
    private static final String PASSWORD = "it-transfer-password";
    private static final Duration GUEST_BOOT = Duration.ofMinutes(3);
    private static final String CD_BOOT_MARKER = "ISOLINUX 6.";

    private StorageLab lab;
    private TestGuest guest;
    private Path work;
    private Path logs;
    private ManagerProcess manager;
    private Api api;
    private AgentProcess agent;
    private String dataDomainId;
    private String isoDomainId;

    @BeforeAll
    void start() throws IOException {
        Machine.requireQemu();
        lab = StorageLab.shared();
        guest = TestGuest.build();
        OneHostFleet fleet = OneHostFleet.start("transfer", PASSWORD, "16950-16979");
        work = fleet.work();
        logs = fleet.logs();
        manager = fleet.manager();
        api = fleet.api();
        agent = fleet.agent();
        dataDomainId = api.post("api/v1/storagedomains", Map.of("name", "it-xfer-nfs", "type", "nfs",
                "nfs", Map.of("server", lab.storageAddress(), "export", lab.nfsExport())), 201).path("id").asText();
        isoDomainId = api.post("api/v1/storagedomains", Map.of("name", "it-xfer-iso", "type", "nfs", "role", "iso",
                "nfs", Map.of("server", lab.storageAddress(), "export", lab.nfsIsoExport())), 201).path("id").asText();
    }

    @AfterAll
    void stop() {
        Machine.stopFleet(agent == null ? java.util.List.of() : java.util.List.of(agent), manager, work);
    }

    @Test
    @Order(1)
    void aQcow2UploadedInTwoRangesAcrossAManagerRestartIsVerifiedStoredAndDownloadedByteForByte() throws IOException {
        Path image = work.resolve("upload.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "16M");
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 1M 1M", image.toString());
        byte[] bytes = Files.readAllBytes(image);
        JsonNode t = api.post("api/v1/imagetransfers", Map.of("name", "it-uploaded", "storageDomainId", dataDomainId,
                "format", "qcow2", "sizeBytes", bytes.length), 201);
        String url = t.path("transferUrl").asText().substring(1);
        int half = bytes.length / 2;

        Api.Response first = api.putBytes(url, Arrays.copyOf(bytes, half), "bytes 0-" + (half - 1) + "/" + bytes.length);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);

        // the manager restarts between the ranges: the transfer is still listed and the upload resumes
        manager.stop();
        manager = manager.startAgain();
        manager.awaitHealthy();
        api = manager.api();
        Await.until("the host to be Up again", HOST_UP, () -> api.get("api/v1/hosts?name=it-transfer-host").path("items").path(0),
                h -> "Up".equals(h.path("status").asText()), this::logTails);
        JsonNode kept = api.get("api/v1/imagetransfers/" + t.path("id").asText());
        assertThat(kept.path("phase").asText()).isEqualTo("Transferring");
        assertThat(api.get("api/v1/disks/" + t.path("diskId").asText()).path("status").asText()).isEqualTo("Locked");
        long staged = kept.path("stagedBytes").asLong();
        assertThat(staged).isEqualTo(half);
        Api.Response gap = api.putBytes(url, new byte[10], "bytes " + (half + 5) + "-" + (half + 14) + "/" + bytes.length);
        assertThat(gap.status()).as(gap.toString()).isEqualTo(409);
        assertThat(gap.body().path("detail").asText()).contains("send the range starting at byte " + half);
        Api.Response rest = api.putBytes(url, Arrays.copyOfRange(bytes, (int) staged, bytes.length),
                "bytes " + staged + "-" + (bytes.length - 1) + "/" + bytes.length);
        assertThat(rest.status()).as(rest.toString()).isEqualTo(200);
        JsonNode done = api.post("api/v1/imagetransfers/" + t.path("id").asText() + "/finalize", null, 200);

        assertThat(done.path("phase").asText()).isEqualTo("Finished");
        JsonNode disk = api.get("api/v1/disks/" + t.path("diskId").asText());
        assertThat(disk.path("status").asText()).isEqualTo("OK");
        assertThat(disk.path("sizeBytes").asLong()).isEqualTo(16L * 1024 * 1024);
        Path onServer = lab.nfsExportDir().resolve("images").resolve(disk.path("id").asText())
                .resolve(disk.path("volumeId").asText() + ".qcow2");
        assertThat(Files.readAllBytes(onServer)).isEqualTo(bytes);
        assertThat(api.bytes("api/v1/disks/" + disk.path("id").asText() + "/download")).isEqualTo(bytes);
    }

    @Test
    @Order(2)
    void aQcow2DeclaredRawFailsAtFinalizeAndLeavesNothing() throws IOException {
        Path image = work.resolve("liar.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "4M");
        byte[] bytes = Files.readAllBytes(image);
        JsonNode t = api.post("api/v1/imagetransfers", Map.of("name", "it-liar", "storageDomainId", dataDomainId,
                "format", "raw", "sizeBytes", bytes.length), 201);
        assertThat(api.putBytes(t.path("transferUrl").asText().substring(1), bytes, null).status()).isEqualTo(200);

        Api.Response r = api.send("POST", "api/v1/imagetransfers/" + t.path("id").asText() + "/finalize", null);

        assertThat(r.status()).as(r.toString()).isEqualTo(409);
        assertThat(r.body().path("detail").asText()).contains("declared raw but qemu-img reads it as qcow2");
        assertThat(api.get("api/v1/imagetransfers/" + t.path("id").asText()).path("phase").asText()).isEqualTo("Failed");
        assertThat(api.get("api/v1/disks?name=it-liar").path("total").asLong()).isZero();
        assertThat(lab.nfsExportDir().resolve("images").resolve(t.path("diskId").asText())).doesNotExist();
    }

    @Test
    @Order(3)
    void anImageLargerThanTheFreeSpaceIsRefusedWithTheFigures() {
        long free = api.get("api/v1/storagedomains/" + dataDomainId).path("freeBytes").asLong();

        Api.Response r = api.send("POST", "api/v1/imagetransfers", Map.of("name", "it-huge", "storageDomainId", dataDomainId,
                "format", "raw", "sizeBytes", free + 1024L * 1024 * 1024));

        assertThat(r.status()).as(r.toString()).isEqualTo(409);
        assertThat(r.body().path("details").toString()).contains("free: " + free + " bytes");
        assertThat(api.get("api/v1/disks?name=it-huge").path("total").asLong()).isZero();
    }

    @Test
    @Order(4)
    void anIsoMadeWithXorrisoGoesToTheIsoDomainAndIsListed() throws IOException {
        Path tree = Files.createDirectories(work.resolve("iso-tree"));
        Files.writeString(tree.resolve("MARKER.TXT"), "flotilla-iso-marker\n");
        Path iso = work.resolve("marker.iso");
        run("xorriso", "-as", "mkisofs", "-quiet", "-V", "FLOTILLA", "-o", iso.toString(), tree.toString());
        byte[] bytes = Files.readAllBytes(iso);
        JsonNode t = api.post("api/v1/imagetransfers", Map.of("name", "it-marker.iso", "storageDomainId", isoDomainId,
                "format", "iso", "sizeBytes", bytes.length), 201);
        assertThat(api.putBytes(t.path("transferUrl").asText().substring(1), bytes, null).status()).isEqualTo(200);
        api.post("api/v1/imagetransfers/" + t.path("id").asText() + "/finalize", null, 200);

        JsonNode isos = api.get("api/v1/storagedomains/" + isoDomainId + "/isos");
        assertThat(isos.path("items").findValuesAsText("name")).containsExactly("it-marker.iso");
        assertThat(api.get("api/v1/isos").path("items").findValuesAsText("name")).contains("it-marker.iso");
        String diskId = t.path("diskId").asText();
        String volumeId = isos.path("items").path(0).path("volumeId").asText();
        assertThat(Files.readAllBytes(lab.nfsIsoExportDir().resolve("images").resolve(diskId).resolve(volumeId + ".raw"))).isEqualTo(bytes);
        Api.Response wrong = api.send("POST", "api/v1/imagetransfers", Map.of("name", "it-iso-on-data", "storageDomainId", dataDomainId,
                "format", "iso", "sizeBytes", bytes.length));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().path("errors").path(0).path("field").asText()).isEqualTo("storageDomainId");
    }

    @Test
    @Order(5)
    void aVmBootsFromAnIsolinuxCdUploadedWithTheCliAndItsCdChangesLive() throws IOException {
        Path tree = Files.createDirectories(work.resolve("boot-tree/isolinux"));
        Files.copy(Path.of("/usr/lib/ISOLINUX/isolinux.bin"), tree.resolve("isolinux.bin"));
        Files.copy(Path.of("/usr/lib/syslinux/modules/bios/ldlinux.c32"), tree.resolve("ldlinux.c32"));
        Files.copy(guest.kernel(), tree.resolveSibling("vmlinuz"));
        Files.copy(guest.initrd(), tree.resolveSibling("initrd.img"));
        // SERIAL makes isolinux speak on the serial console too: its banner there proves the CD booted
        Files.writeString(tree.resolve("isolinux.cfg"), "SERIAL 0 115200\nDEFAULT guest\n"
                + "LABEL guest\n  KERNEL /vmlinuz\n  APPEND initrd=/initrd.img " + guest.cmdline("it-cd") + "\n");
        Path iso = work.resolve("boot.iso");
        run("xorriso", "-as", "mkisofs", "-quiet", "-o", iso.toString(), "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat",
                "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table", tree.getParent().toString());
        String uploaded = cli("iso", "upload", iso.toString(), "--storage", "it-xfer-iso", "--name", "it-boot.iso");
        assertThat(uploaded).contains("it-boot.iso", "OK");
        assertThat(cli("iso", "list", "--storage", "it-xfer-iso")).contains("it-boot.iso", "it-marker.iso");

        String vm = api.post("api/v1/vms", Map.of("name", "it-cd-vm", "cpus", 1, "memoryMiB", 256), 201).path("id").asText();
        assertThat(cli("vm", "cdrom", "it-cd-vm", "it-boot.iso", "--boot")).contains("it-boot.iso", "boots from it");
        api.post("api/v1/vms/" + vm + "/start", null, 200);

        String serial = Await.until("the guest to boot from the CD", GUEST_BOOT, () -> CliRun.read(agent.serialLog(vm)),
                t -> t.contains(TestGuest.READY_MARKER), () -> CliRun.read(agent.serialLog(vm)) + logTails());
        assertThat(serial).contains(CD_BOOT_MARKER);
        String cmdline = CliRun.read(Path.of("/proc", Long.toString(agent.qemuPid(vm).orElseThrow()), "cmdline")).replace('\0', ' ');
        assertThat(cmdline).contains("ide-cd,id=cdrom0,bus=ide.2,drive=cdrom,bootindex=0", "\"driver\":\"nfs\"").doesNotContain("-kernel");

        assertThat(cli("vm", "cdrom", "it-cd-vm", "--eject")).contains("ejected");
        assertThat(api.send("GET", "api/v1/vms/" + vm + "/cdrom", null).status()).isEqualTo(404);
        assertThat(cli("vm", "cdrom", "it-cd-vm", "it-marker.iso")).contains("it-marker.iso");
        assertThat(api.get("api/v1/vms/" + vm + "/cdrom").path("isoName").asText()).isEqualTo("it-marker.iso");
        api.post("api/v1/vms/" + vm + "/stop", null, 200);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private String cli(String... args) {
        return CliRun.run(manager, PASSWORD, logs, args);
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String logTails() {
        return manager.logTail(40) + "\n" + agent.logTail(40);
    }
}
