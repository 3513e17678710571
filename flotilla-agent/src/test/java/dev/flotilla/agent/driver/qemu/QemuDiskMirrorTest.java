package dev.flotilla.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.HypervisorDriver;
import dev.flotilla.agent.driver.VmDefinition;
import dev.flotilla.agent.driver.VmState;
import dev.flotilla.agent.storage.ChapCredentials;
import dev.flotilla.agent.storage.MoveTargets;
import dev.flotilla.agent.storage.StorageConnection;
import dev.flotilla.agent.storage.VolumeFormat;
import dev.flotilla.agent.storage.VolumeRef;
import dev.flotilla.agent.storage.VolumeStore;
import dev.flotilla.agent.testlab.StorageLab;
import dev.flotilla.agent.testguest.TestGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live disk moves against a real QEMU, a real ticking Linux guest and real files: two local
 * domains (directories), a disk of two volumes (a snapshot under the active one) moved from one to
 * the other while the guest counts on; a move cancelled while QEMU mirrors, which leaves the
 * guest on its source volumes with no node of the target left in QEMU; and a disk moved live onto the
 * storage lab's LUN behind CHAP (a secret object for QEMU, deleted when the disk leaves the LUN, so
 * the same name is free for the next move onto it), off it and onto it again.
 */
class QemuDiskMirrorTest {

    private static final String QEMU = "qemu-system-x86_64";
    private static final Duration GUEST = Duration.ofSeconds(180);
    private static TestGuest guest;

    @TempDir
    Path dir;
    private QemuDriver driver;
    private StorageConnection source;
    private StorageConnection target;

    @BeforeAll
    static void buildGuest() {
        assertThat(QemuDriver.isAvailable(QEMU)).as("%s is installed and runs", QEMU).isTrue();
        guest = TestGuest.build().ticking();
    }

    @BeforeEach
    void domains() throws Exception {
        Files.createDirectories(dir.resolve("source"));
        Files.createDirectories(dir.resolve("target"));
        source = new StorageConnection.Local(dir.resolve("source"));
        target = new StorageConnection.Local(dir.resolve("target"));
        driver = new QemuDriver(new QemuDriverConfig(dir.resolve("state"), 5900, 5999, "tcg", QEMU));
    }

    @AfterEach
    void stopEverything() {
        for (VmState vm : driver.vms()) {
            try {
                driver.powerOff(vm.id());
            } catch (DriverException e) {
                // already going away
            }
        }
        driver.close();
    }

    @Test
    void aDiskWithASnapshotMovesToAnotherDomainWhileTheGuestKeepsCounting() throws Exception {
        UUID disk = UUID.randomUUID();
        List<VolumeRef> volumes = chainOnSource(disk);
        UUID id = start("m1", volumes);
        Path serial = dir.resolve("state/vms").resolve(id.toString()).resolve("serial.log");
        awaitSerial(serial, TestGuest.DISK_WROTE_MARKER + TestGuest.DISK_MARK_PREFIX + "m1");
        awaitSerial(serial, TestGuest.TICK_MARKER + " 2");

        new MoveTargets().prepare(source, volumes, target, volumes, "moved", Duration.ofMinutes(5), p -> { });
        List<Double> progress = new CopyOnWriteArrayList<>();
        driver.moveDisk(id, disk.toString(), backings(target, volumes), progress::add);

        int moved = TestGuest.lastTick(Files.readString(serial));
        awaitSerial(serial, TestGuest.TICK_MARKER + " " + (moved + 2));
        assertThat(progress).isNotEmpty().last().isEqualTo(100.0);
        VmDefinition.Disk now = driver.vm(id).definition().disks().get(0);
        assertThat(now.location()).isEqualTo(volumes.get(0).location(target).uri());
        assertThat(now.backing()).extracting(VmDefinition.Backing::location).containsExactly(volumes.get(1).location(target).uri());
        assertThat(Files.readString(dir.resolve("state/vms").resolve(id.toString()).resolve("definition.json"))).contains(dir.resolve("target").toString());
        assertThat(nodeFiles(id)).as("no node of QEMU reads the source domain any more")
                .noneMatch(f -> f.contains(dir.resolve("source").toString()));
        driver.powerOff(id);
        awaitStopped(id);
        Path raw = dir.resolve("moved.raw");
        qemuImg("convert", "-f", "qcow2", "-O", "raw", volumes.get(0).location(target).uri(), raw.toString());
        try (var f = new java.io.RandomAccessFile(raw.toFile(), "r")) {
            f.seek(8388608);
            assertThat(f.read()).as("the base's own data reached the target").isEqualTo(0x33);
        }

        // the target chain is whole: a new VM on it finds the first guest's mark, written before the move
        UUID second = start("m2", volumes, target);
        Path serial2 = dir.resolve("state/vms").resolve(second.toString()).resolve("serial.log");
        awaitSerial(serial2, TestGuest.DISK_WROTE_MARKER + TestGuest.DISK_MARK_PREFIX + "m2");
        assertThat(Files.readString(serial2)).contains(TestGuest.DISK_FOUND_MARKER + TestGuest.DISK_MARK_PREFIX + "m1");
    }

    @Test
    void aMoveCancelledWhileQemuMirrorsLeavesTheGuestOnItsSourceVolumes() throws Exception {
        UUID disk = UUID.randomUUID();
        List<VolumeRef> volumes = chainOnSource(disk);
        UUID id = start("m3", volumes);
        Path serial = dir.resolve("state/vms").resolve(id.toString()).resolve("serial.log");
        awaitSerial(serial, TestGuest.TICK_MARKER + " 2");
        List<String> nodesBefore = nodeNames(id);
        VmDefinition before = driver.vm(id).definition();

        new MoveTargets().prepare(source, volumes, target, volumes, "moved", Duration.ofMinutes(5), p -> { });
        List<Throwable> cancelFailures = new ArrayList<>();
        // the progress callback runs while the mirror job exists and before the agent completes it
        assertThatThrownBy(() -> driver.moveDisk(id, disk.toString(), backings(target, volumes), p -> {
            if (cancelFailures.isEmpty()) {
                try {
                    driver.cancelMove(id, disk.toString());
                    cancelFailures.add(new Throwable("none"));
                } catch (DriverException e) {
                    cancelFailures.add(e);
                }
            }
        })).isInstanceOf(DriverException.class);

        assertThat(cancelFailures).extracting(Throwable::getMessage).containsExactly("none");
        assertThat(nodeNames(id)).containsExactlyInAnyOrderElementsOf(nodesBefore);
        assertThat(driver.vm(id).definition()).isEqualTo(before);
        int at = TestGuest.lastTick(Files.readString(serial));
        awaitSerial(serial, TestGuest.TICK_MARKER + " " + (at + 2));
        new MoveTargets().remove(target, volumes);
        assertThat(dir.resolve("target/images").resolve(disk.toString())).doesNotExist();
    }

    @Test
    void aDiskMovesLiveOntoALunBehindChapOffItAndOntoItAgainWhileTheGuestCounts() throws Exception {
        StorageLab lab = StorageLab.shared();
        ChapCredentials credentials = new ChapCredentials(lab.chapUser(), lab.chapSecret());
        StorageConnection.Iscsi chap = new StorageConnection.Iscsi(lab.iscsiPortal(), lab.iscsiChapIqn(), Optional.of(credentials));
        HypervisorDriver.ChapLogin login = new HypervisorDriver.ChapLogin(lab.chapUser(), lab.chapSecret());
        UUID disk = UUID.randomUUID();
        VolumeRef file = new VolumeRef(disk, UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        VolumeRef lun = new VolumeRef(disk, file.volumeId(), VolumeFormat.QCOW2, lab.iscsiChapLuns().get(0));
        Files.createDirectories(dir.resolve("source").resolve(file.directory()));
        qemuImg("create", "-q", "-f", "qcow2", file.location(source).uri(), "64M");
        UUID id = start("m4", List.of(file));
        Path serial = dir.resolve("state/vms").resolve(id.toString()).resolve("serial.log");
        awaitSerial(serial, TestGuest.TICK_MARKER + " 2");
        VolumeStore store = new VolumeStore();
        try {
            // source -> LUN -> target, then target -> LUN -> source: the second move onto CHAP meets the first one's secret object
            List<String> places = List.of("source", "target", "source");
            for (int round = 0; round < 2; round++) {
                StorageConnection from = new StorageConnection.Local(dir.resolve(places.get(round)));
                StorageConnection to = new StorageConnection.Local(dir.resolve(places.get(round + 1)));
                // onto the LUN: QEMU logs in with a secret object; the secret is in no node and no file of the VM
                new MoveTargets().prepare(from, List.of(file), chap, List.of(lun), "moved", Duration.ofMinutes(5), p -> { });
                driver.moveDisk(id, disk.toString(), backings(chap, List.of(lun)), login, p -> { });
                Files.delete(dir.resolve(places.get(round)).resolve(file.imagePath())); // as the manager removes the source volume
                assertThat(driver.vm(id).definition().disks().get(0).location()).isEqualTo(lun.location(chap).uri());
                assertThat(nodeFiles(id)).noneMatch(f -> f.contains(lab.chapSecret())).anyMatch(f -> f.contains(lab.iscsiChapIqn()));
                assertThat(Files.readString(dir.resolve("state/vms").resolve(id.toString()).resolve("definition.json")))
                        .doesNotContain(lab.chapSecret());
                assertThat(secretObjects(id)).as("the LUN's node logs in with one secret object").hasSize(1);
                int onLun = TestGuest.lastTick(Files.readString(serial));
                awaitSerial(serial, TestGuest.TICK_MARKER + " " + (onLun + 2));

                // off it into a directory; the LUN is cleared as the manager has it cleared
                new MoveTargets().prepare(chap, List.of(lun), to, List.of(file), "moved back", Duration.ofMinutes(5), p -> { });
                driver.moveDisk(id, disk.toString(), backings(to, List.of(file)), p -> { });
                store.delete(chap, lun);
                assertThat(secretObjects(id)).as("the secret went with the LUN's node (round %d)", round).isEmpty();
                int off = TestGuest.lastTick(Files.readString(serial));
                awaitSerial(serial, TestGuest.TICK_MARKER + " " + (off + 2));
            }
            assertThat(nodeFiles(id)).noneMatch(f -> f.contains(lab.iscsiChapIqn()));
        } finally {
            store.delete(chap, lun);
        }
    }

    /** Two volumes on the source domain: a base and an empty active overlay over it, as a snapshot leaves them. */
    private List<VolumeRef> chainOnSource(UUID disk) throws Exception {
        VolumeRef top = new VolumeRef(disk, UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        VolumeRef base = new VolumeRef(disk, UUID.randomUUID(), VolumeFormat.QCOW2, 0);
        Files.createDirectories(dir.resolve("source").resolve(base.directory()));
        qemuImg("create", "-q", "-f", "qcow2", base.location(source).uri(), "64M");
        // data only the base holds: the move copies it with qemu-img, not through QEMU's mirror
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x33 8388608 4096", base.location(source).uri());
        qemuImg("create", "-q", "-f", "qcow2", "-b", base.location(source).uri(), "-F", "qcow2", top.location(source).uri());
        return List.of(top, base);
    }

    private UUID start(String mark, List<VolumeRef> volumes) throws Exception {
        return start(mark, volumes, source);
    }

    private UUID start(String mark, List<VolumeRef> volumes, StorageConnection on) throws Exception {
        UUID id = UUID.randomUUID();
        List<VmDefinition.Backing> chain = backings(on, volumes);
        driver.start(new VmDefinition(id, "move-" + id.toString().substring(0, 8), 1, 256,
                new VmDefinition.Boot(guest.kernel().toString(), guest.initrd().toString(), guest.cmdline(mark)),
                List.of(new VmDefinition.Disk(volumes.get(0).diskId().toString(), chain.get(0).volumeId(), chain.get(0).location(), "qcow2",
                        "", "", "virtio-blk", true, false, chain.subList(1, chain.size())))));
        return id;
    }

    private static List<VmDefinition.Backing> backings(StorageConnection on, List<VolumeRef> volumes) {
        return volumes.stream().map(v -> new VmDefinition.Backing(v.volumeId().toString(), v.location(on).uri(), v.format().qemuName())).toList();
    }

    private List<String> nodeNames(UUID id) throws DriverException {
        return nodeFields(id, "node-name");
    }

    private List<String> nodeFiles(UUID id) throws DriverException {
        return nodeFields(id, "file");
    }

    /** One field of every block node QEMU has for the VM now. */
    private List<String> nodeFields(UUID id, String field) throws DriverException {
        List<String> values = new ArrayList<>();
        for (JsonNode n : driver.vm(id).command("query-named-block-nodes", Map.of("flat", true))) {
            values.add(n.path(field).asText());
        }
        return values;
    }

    /** The ids of the secret objects QEMU holds for the VM now. */
    private List<String> secretObjects(UUID id) throws DriverException {
        List<String> ids = new ArrayList<>();
        for (JsonNode o : driver.vm(id).command("qom-list", Map.of("path", "/objects"))) {
            if (o.path("type").asText().equals("child<secret>")) {
                ids.add(o.path("name").asText());
            }
        }
        return ids;
    }

    private void awaitStopped(UUID id) throws InterruptedException {
        long deadline = System.nanoTime() + GUEST.toNanos();
        while (System.nanoTime() < deadline) {
            if (driver.vms().stream().noneMatch(v -> v.id().equals(id) && v.state().isAlive())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("VM " + id + " did not stop");
    }

    private static void qemuImg(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("qemu-img"));
        command.addAll(List.of(args));
        run(command.toArray(String[]::new));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }

    private static void awaitSerial(Path serial, String marker) throws Exception {
        long deadline = System.nanoTime() + GUEST.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(serial) && Files.readString(serial).contains(marker)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(marker + " not on the serial console within " + GUEST.toSeconds() + " s:\n"
                + (Files.exists(serial) ? Files.readString(serial) : "(no serial.log)"));
    }
}
