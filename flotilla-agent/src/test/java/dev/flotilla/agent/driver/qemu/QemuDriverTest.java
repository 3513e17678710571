package dev.flotilla.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.RunState;
import dev.flotilla.agent.driver.VmDefinition;
import dev.flotilla.agent.driver.VmState;
import dev.flotilla.agent.driver.VmStateChange;
import dev.flotilla.agent.testguest.TestGuest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver against real QEMU (TCG, so it runs on any machine) booting the test guest. */
class QemuDriverTest {

    private static final String QEMU = "qemu-system-x86_64";
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration STATE = Duration.ofSeconds(30);

    private static TestGuest guest;

    @TempDir
    Path stateDir;

    private final List<QemuDriver> drivers = new ArrayList<>();
    private final List<VmStateChange> changes = new CopyOnWriteArrayList<>();
    private QemuDriver driver;

    @BeforeAll
    static void buildGuest() {
        // Fails rather than skips: a missing QEMU must be seen.
        assertThat(QemuDriver.isAvailable(QEMU)).as("%s is installed and runs", QEMU).isTrue();
        guest = TestGuest.build();
    }

    @BeforeEach
    void startDriver() {
        driver = newDriver();
        driver.addListener(changes::add);
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (QemuDriver d : List.copyOf(drivers)) {
            powerOffAll(d);
        }
        // VMs left behind by a driver the test closed: only a new driver can reach them, and only
        // once no other driver holds their QMP socket (QMP serves one client at a time).
        QemuDriver last = newDriver();
        last.recover();
        powerOffAll(last);
        drivers.forEach(QemuDriver::close);
    }

    private static void powerOffAll(QemuDriver d) throws InterruptedException {
        for (VmState vm : d.vms()) {
            if (vm.state().isAlive()) {
                try {
                    d.powerOff(vm.id());
                } catch (DriverException e) {
                    // already going away
                }
                awaitState(d, vm.id(), s -> !s.state().isAlive());
            }
        }
    }

    @Test
    void bootsTheGuestAndShutsItDownWithThePowerButton() throws Exception {
        VmDefinition def = definition();

        VmState started = driver.start(def);

        assertThat(started.state()).isEqualTo(RunState.RUNNING);
        assertThat(started.pid()).isPositive();
        assertThat(driver.accel()).isEqualTo("tcg");
        assertThat(driver.accelReason()).isEqualTo("TCG: forced by configuration");
        assertThat(driver.version()).matches("QEMU \\d+\\.\\d+.*");
        Path dir = stateDir.resolve("vms").resolve(def.id().toString());
        assertThat(dir.resolve("definition.json")).exists();
        awaitSerial(dir, TestGuest.READY_MARKER);
        assertThat(driver.vms()).singleElement().satisfies(vm -> assertThat(vm.memoryRssMiB()).isPositive());
        // The command line gives a VM no disk and no NIC, and QEMU says so: "none", not "unknown" and not a zero rate.
        VmState measured = awaitState(driver, def.id(), s -> s.disks() != null);
        assertThat(measured.disks()).isEqualTo(VmState.Disks.NONE);
        assertThat(measured.nics()).isEqualTo(VmState.Nics.NONE);

        driver.shutdown(def.id());

        VmState stopped = awaitState(driver, def.id(), s -> s.state() == RunState.STOPPED);
        assertThat(stopped.reason()).isEqualTo("guest powered off");
        assertThat(stopped.pid()).isZero();
        assertThat(Files.readString(dir.resolve("serial.log"))).contains(TestGuest.POWEROFF_MARKER);
        assertThat(dir.resolve("qmp.sock")).doesNotExist();
        assertThat(dir.resolve("qemu.pid")).doesNotExist();
        assertThat(dir.resolve("qemu.log")).exists();
        assertThat(changes).extracting(VmStateChange::state)
                .containsSubsequence(RunState.RUNNING, RunState.SHUTTING_DOWN, RunState.STOPPED);
    }

    /**
     * A VM with a disk the agent does not make yet (VMs get disks from storage later): a qcow2 on a
     * virtio drive, plus an empty CD-ROM drive that must not count. The guest writes nothing, but its
     * firmware reads the disk's boot sector once the CPUs run (512 bytes) and its kernel the
     * partition table a few seconds later (12 KiB): those reads show as a rate.
     */
    @Test
    void aVmWithADiskReportsTheBytesItsGuestReads() throws Exception {
        Path image = stateDir.resolve("disk.qcow2");
        Process qemuImg = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "64M")
                .redirectErrorStream(true).start();
        assertThat(qemuImg.waitFor()).as("qemu-img create: %s", new String(qemuImg.getInputStream().readAllBytes())).isZero();
        VmDefinition def = definition();
        VmFiles files = VmFiles.of(stateDir, def.id());
        files.writeDefinition(def);
        List<String> argv = new ArrayList<>(QemuCommandLine.argv(QEMU, "tcg", def, files));
        argv.addAll(List.of("-drive", "file=" + image + ",format=qcow2,if=virtio",
                "-drive", "if=none,id=cd0,media=cdrom", "-device", "ide-cd,drive=cd0"));
        RunningVm vm = new RunningVm(def, files, change -> { });
        vm.start(argv);
        try {
            long deadline = System.nanoTime() + BOOT.toNanos();
            VmState last = vm.snapshot();
            while ((last.disks() == null || last.disks().readBytesPerSecond() == 0) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                last = vm.snapshot();
            }
            assertThat(last.disks()).as("disk figures of the booting guest, last seen").isNotNull();
            assertThat(last.disks().count()).as("the virtio disk; the empty CD-ROM drive is no disk").isEqualTo(1);
            assertThat(last.disks().readBytesPerSecond()).as("the guest read its disk").isPositive();
            assertThat(last.nics()).isEqualTo(VmState.Nics.NONE);
        } finally {
            vm.powerOff();
            long deadline = System.nanoTime() + STATE.toNanos();
            while (vm.runState().isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        assertThat(vm.snapshot().disks()).as("a stopped VM has no figures").isNull();
    }

    @Test
    void pausesAndResumes() throws Exception {
        VmDefinition def = definition();
        driver.start(def);

        driver.pause(def.id());
        assertThat(awaitState(driver, def.id(), s -> s.state() == RunState.PAUSED).reason()).isEqualTo("paused by the agent");
        assertThatThrownBy(() -> driver.pause(def.id())).isInstanceOf(DriverException.class)
                .extracting(e -> ((DriverException) e).code()).isEqualTo(DriverException.Code.WRONG_STATE);

        driver.resume(def.id());
        awaitState(driver, def.id(), s -> s.state() == RunState.RUNNING);
        assertThatThrownBy(() -> driver.resume(def.id())).isInstanceOf(DriverException.class)
                .extracting(e -> ((DriverException) e).code()).isEqualTo(DriverException.Code.WRONG_STATE);

        driver.reboot(def.id());
        assertThat(awaitState(driver, def.id(), s -> s.reason().equals("reset by the agent")).state()).isEqualTo(RunState.RUNNING);
    }

    @Test
    void screenshotsTheDisplayAsPngWhileRunningOrPausedButNotOnceStopped() throws Exception {
        VmDefinition def = definition();
        driver.start(def);
        Path dir = stateDir.resolve("vms").resolve(def.id().toString());

        assertIsAnImage(driver.screenshot(def.id()));
        driver.pause(def.id());
        awaitState(driver, def.id(), s -> s.state() == RunState.PAUSED);
        assertIsAnImage(driver.screenshot(def.id()));
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("screendump-"));
        }

        driver.powerOff(def.id());
        awaitState(driver, def.id(), s -> s.state() == RunState.STOPPED);
        assertThatThrownBy(() -> driver.screenshot(def.id())).isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.code()).isEqualTo(DriverException.Code.WRONG_STATE);
            assertThat(e.getMessage()).contains(def.name(), "stopped");
        });
    }

    private static void assertIsAnImage(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).as("ImageIO reads the screenshot").isNotNull();
        assertThat(image.getWidth()).isPositive();
        assertThat(image.getHeight()).isPositive();
    }

    @Test
    void powersOffAtOnceAndForgets() throws Exception {
        VmDefinition def = definition();
        driver.start(def);
        assertThatThrownBy(() -> driver.start(def)).isInstanceOf(DriverException.class)
                .extracting(e -> ((DriverException) e).code()).isEqualTo(DriverException.Code.WRONG_STATE);

        driver.powerOff(def.id());

        assertThat(awaitState(driver, def.id(), s -> s.state() == RunState.STOPPED).reason()).isEqualTo("powered off by the agent");
        assertThatThrownBy(() -> driver.shutdown(def.id())).isInstanceOf(DriverException.class)
                .extracting(e -> ((DriverException) e).code()).isEqualTo(DriverException.Code.WRONG_STATE);
        driver.forget(def.id());
        assertThat(driver.vms()).isEmpty();
        assertThatThrownBy(() -> driver.powerOff(def.id())).isInstanceOf(DriverException.class)
                .extracting(e -> ((DriverException) e).code()).isEqualTo(DriverException.Code.NO_SUCH_VM);
    }

    @Test
    void killingForSelfFencingReturnsOnlyOnceTheProcessIsGoneAndReportsItsOwnReason() throws Exception {
        VmDefinition def = definition();
        long pid = driver.start(def).pid();

        boolean gone = driver.kill(def.id(), "killed by self-fencing", java.time.Duration.ofSeconds(30));

        assertThat(gone).isTrue();
        // gone or a zombie not yet reaped by its parent: either way it runs nothing (no command line), as the IT's watcher counts
        assertThat(ProcessHandle.of(pid).flatMap(p -> p.info().commandLine())).isEmpty();
        assertThat(awaitState(driver, def.id(), s -> !s.state().isAlive()).reason()).isEqualTo("killed by self-fencing");
    }

    @Test
    void aKilledQemuIsReportedCrashed() throws Exception {
        VmDefinition def = definition();
        long pid = driver.start(def).pid();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        VmState crashed = awaitState(driver, def.id(), s -> s.state() == RunState.CRASHED);
        assertThat(crashed.reason()).startsWith("QEMU exited unexpectedly").doesNotContain("=== started by flotilla").hasSizeLessThan(1100);
    }

    @Test
    void aRestartedAgentRecoversTheRunningVmAndCanStillShutItDown() throws Exception {
        VmDefinition def = definition();
        long pid = driver.start(def).pid();
        awaitSerial(stateDir.resolve("vms").resolve(def.id().toString()), TestGuest.READY_MARKER);

        driver.close();
        assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        QemuDriver restarted = newDriver();
        List<VmState> recovered = restarted.recover();

        assertThat(recovered).singleElement().satisfies(vm -> {
            assertThat(vm.id()).isEqualTo(def.id());
            assertThat(vm.name()).isEqualTo(def.name());
            assertThat(vm.state()).isEqualTo(RunState.RUNNING);
            assertThat(vm.pid()).isEqualTo(pid);
        });
        // The console reaches the re-attached VM too: QEMU's VNC server greets with its RFB version.
        assertThat(rfbGreeting(restarted, def.id())).startsWith("RFB 003.");
        restarted.shutdown(def.id());
        assertThat(awaitState(restarted, def.id(), s -> s.state() == RunState.STOPPED).reason()).isEqualTo("guest powered off");
        // Seen stopped once: a later agent does not report it again.
        assertThat(newDriver().recover()).isEmpty();
    }

    @Test
    void aVmThatDiedWhileTheAgentWasDownIsReportedOnce() throws Exception {
        VmDefinition def = definition();
        long pid = driver.start(def).pid();
        driver.close();
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.destroyForcibly();
        process.onExit().get();

        assertThat(newDriver().recover()).singleElement().satisfies(vm -> {
            assertThat(vm.state()).isEqualTo(RunState.STOPPED);
            assertThat(vm.reason()).isEqualTo("found stopped after agent restart");
        });
        assertThat(newDriver().recover()).isEmpty();
    }

    @Test
    void aMissingKernelIsAnInvalidSpecNamingTheFile() {
        Path missing = stateDir.resolve("no-such-vmlinuz");
        VmDefinition def = new VmDefinition(UUID.randomUUID(), "nokernel", 1, 256,
                new VmDefinition.Boot(missing.toString(), guest.initrd().toString(), guest.cmdline()));

        assertThatThrownBy(() -> driver.start(def)).isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.code()).isEqualTo(DriverException.Code.INVALID_SPEC);
            assertThat(e.getMessage()).contains(missing.toString());
        });
        assertThat(driver.vms()).isEmpty();
    }

    @Test
    void moreMemoryThanTheHostHasIsAnInvalidSpec() {
        long hostMiB = DefinitionCheck.hostMemoryMiB();
        VmDefinition def = new VmDefinition(UUID.randomUUID(), "huge", 1, hostMiB + 1024, bootGuest());

        assertThatThrownBy(() -> driver.start(def)).isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.code()).isEqualTo(DriverException.Code.INVALID_SPEC);
            assertThat(e.getMessage()).contains((hostMiB + 1024) + " MiB", hostMiB + " MiB");
        });
    }

    @Test
    void qemuRefusingToStartIsADriverFailureWithQemusMessage() throws IOException {
        Path notAKernel = Files.writeString(stateDir.resolve("not-a-kernel"), "this is not a bzImage\n".repeat(100));
        VmDefinition def = new VmDefinition(UUID.randomUUID(), "badkernel", 1, 256,
                new VmDefinition.Boot(notAKernel.toString(), "", ""));

        assertThatThrownBy(() -> driver.start(def)).isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.code()).isEqualTo(DriverException.Code.DRIVER_FAILURE);
            assertThat(e.getMessage()).contains("invalid kernel header");
        });
        assertThat(driver.vms()).isEmpty();
    }

    @Test
    void theGuestSeesItsQcow2DiskAsVdaAndWhatItWritesStaysInTheImage() throws Exception {
        Path image = qcow2("guest-disk.qcow2");
        UUID id = UUID.randomUUID();
        VmDefinition def = new VmDefinition(id, "disk-" + id.toString().substring(0, 8), 1, 256,
                new VmDefinition.Boot(guest.kernel().toString(), guest.initrd().toString(), guest.cmdline("m1")),
                List.of(new VmDefinition.Disk("d1", "v1", image.toString(), "qcow2", "", "", "virtio-blk", true, false)));

        driver.start(def);

        Path dir = stateDir.resolve("vms").resolve(id.toString());
        awaitSerial(dir, TestGuest.DISK_WROTE_MARKER + TestGuest.DISK_MARK_PREFIX + "m1");
        // a fresh disk: the guest found nothing at its start
        assertThat(Files.readString(dir.resolve("serial.log"))).containsPattern(TestGuest.DISK_FOUND_MARKER + "\\r?\\n");
        driver.powerOff(id);
        awaitState(driver, id, s -> !s.state().isAlive());
        assertThat(firstBytes(image)).startsWith(TestGuest.DISK_MARK_PREFIX + "m1\n");
    }

    @Test
    void aDiskOfAChainOfVolumesBootsFromItsNamedNodesAndWritesOnlyItsActiveLayer() throws Exception {
        Path base = qcow2("chain-base.qcow2");
        UUID first = UUID.randomUUID();
        driver.start(new VmDefinition(first, "chain-1", 1, 256, new VmDefinition.Boot(guest.kernel().toString(), guest.initrd().toString(),
                guest.cmdline("m1")), List.of(new VmDefinition.Disk("d1", "v1", base.toString(), "qcow2", "", "", "virtio-blk", true, false))));
        awaitSerial(stateDir.resolve("vms").resolve(first.toString()), TestGuest.DISK_WROTE_MARKER + TestGuest.DISK_MARK_PREFIX + "m1");
        driver.powerOff(first);
        awaitState(driver, first, s -> !s.state().isAlive());

        // a snapshot as the agent takes one offline: an overlay over the base
        Path top = stateDir.resolve("chain-top.qcow2");
        Process p = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", "-b", base.toString(), "-F", "qcow2", top.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
        UUID second = UUID.randomUUID();
        driver.start(new VmDefinition(second, "chain-2", 1, 256, new VmDefinition.Boot(guest.kernel().toString(), guest.initrd().toString(),
                guest.cmdline("m2")), List.of(new VmDefinition.Disk("d1", "v2", top.toString(), "qcow2", "", "", "virtio-blk", true, false,
                List.of(new VmDefinition.Backing("v1", base.toString(), "qcow2"))))));

        Path dir = stateDir.resolve("vms").resolve(second.toString());
        awaitSerial(dir, TestGuest.DISK_WROTE_MARKER + TestGuest.DISK_MARK_PREFIX + "m2");
        assertThat(Files.readString(dir.resolve("serial.log"))).as("the guest read the base through the chain")
                .contains(TestGuest.DISK_FOUND_MARKER + TestGuest.DISK_MARK_PREFIX + "m1");
        driver.powerOff(second);
        awaitState(driver, second, s -> !s.state().isAlive());
        assertThat(firstBytes(base)).as("the base was only read").startsWith(TestGuest.DISK_MARK_PREFIX + "m1\n");
        assertThat(firstBytes(top)).startsWith(TestGuest.DISK_MARK_PREFIX + "m2\n");
    }

    @Test
    void aLiveSnapshotAndALiveMergeOfTheActiveLayerWhileTheGuestKeepsTicking() throws Exception {
        // the VM starts on a chain (an offline snapshot's): v1 over v0, v0 a read-only node of its own
        Path v0 = qcow2("live-v0.qcow2");
        Path base = stateDir.resolve("live-base.qcow2");
        Process made = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", "-b", v0.toString(), "-F", "qcow2", base.toString())
                .redirectErrorStream(true).start();
        assertThat(made.waitFor()).as(new String(made.getInputStream().readAllBytes())).isZero();
        UUID id = UUID.randomUUID();
        TestGuest ticking = guest.ticking();
        driver.start(new VmDefinition(id, "live-" + id.toString().substring(0, 8), 1, 256,
                new VmDefinition.Boot(ticking.kernel().toString(), ticking.initrd().toString(), ticking.cmdline("m1")),
                List.of(new VmDefinition.Disk("d1", "v1", base.toString(), "qcow2", "", "", "virtio-blk", true, false,
                        List.of(new VmDefinition.Backing("v0", v0.toString(), "qcow2"))))));
        Path dir = stateDir.resolve("vms").resolve(id.toString());
        awaitSerial(dir, TestGuest.DISK_WROTE_MARKER + TestGuest.DISK_MARK_PREFIX + "m1");
        awaitSerial(dir, TestGuest.TICK_MARKER + " 2");

        // snapshot: the overlay made as the agent makes it, then switched to in one transaction
        Path top = stateDir.resolve("live-top.qcow2");
        Process p = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", "-b", base.toString(), "-F", "qcow2", top.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
        String v2 = UUID.randomUUID().toString();
        driver.snapshot(id, List.of(new dev.flotilla.agent.driver.HypervisorDriver.LiveOverlay("d1", v2, top.toString())));
        // what is written now lands in the overlay, the base keeps the snapshot's state
        hmp(id, "qemu-io -d /machine/peripheral/disk-d1/virtio-backend \"write -P 0x5a 1048576 4096\"");
        // QEMU keeps qcow2 metadata in memory until a flush; qemu-img reads the file from outside
        hmp(id, "qemu-io -d /machine/peripheral/disk-d1/virtio-backend \"flush\"");
        assertThat(byteAt(top, 1048576)).isEqualTo(0x5a);
        assertThat(byteAt(base, 1048576)).isZero();

        // an attempt to merge into a volume that is not in the chain changes nothing
        assertThatThrownBy(() -> driver.merge(id, "d1", v2, "no-such-volume", base.toString(), x -> { }))
                .isInstanceOf(DriverException.class);
        int before = TestGuest.lastTick(Files.readString(dir.resolve("serial.log")));
        List<Double> progress = new CopyOnWriteArrayList<>();
        driver.merge(id, "d1", v2, "v1", base.toString(), progress::add);

        awaitSerial(dir, TestGuest.TICK_MARKER + " " + (before + 2));
        assertThat(driver.vms()).filteredOn(v -> v.id().equals(id)).extracting(VmState::state).containsExactly(RunState.RUNNING);
        hmp(id, "qemu-io -d /machine/peripheral/disk-d1/virtio-backend \"write -P 0x6b 2097152 4096\"");
        driver.powerOff(id);
        awaitState(driver, id, s -> !s.state().isAlive());
        assertThat(byteAt(base, 1048576)).as("the overlay's data was merged into the base").isEqualTo(0x5a);
        assertThat(byteAt(base, 2097152)).as("after the pivot the guest writes the base").isEqualTo(0x6b);
        assertThat(byteAt(v0, 1048576)).isZero();
    }

    @Test
    void aLiveMergeIntoAVolumeTheVmStartedWithAsABackingNode() throws Exception {
        // an active commit into a node opened as a backing at start: it must be reopened read-write
        Path v0 = qcow2("backing-v0.qcow2");
        Path top = stateDir.resolve("backing-top.qcow2");
        Process made = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", "-b", v0.toString(), "-F", "qcow2", top.toString())
                .redirectErrorStream(true).start();
        assertThat(made.waitFor()).as(new String(made.getInputStream().readAllBytes())).isZero();
        UUID id = UUID.randomUUID();
        driver.start(new VmDefinition(id, "merge-" + id.toString().substring(0, 8), 1, 256, new VmDefinition.Boot(guest.kernel().toString(),
                guest.initrd().toString(), guest.cmdline("m3")), List.of(new VmDefinition.Disk("d1", "v1", top.toString(), "qcow2", "", "",
                "virtio-blk", true, false, List.of(new VmDefinition.Backing("v0", v0.toString(), "qcow2"))))));
        awaitSerial(stateDir.resolve("vms").resolve(id.toString()), TestGuest.DISK_WROTE_MARKER + TestGuest.DISK_MARK_PREFIX + "m3");

        driver.merge(id, "d1", "v1", "v0", v0.toString(), x -> { });

        hmp(id, "qemu-io -d /machine/peripheral/disk-d1/virtio-backend \"write -P 0x7c 3145728 4096\"");
        driver.powerOff(id);
        awaitState(driver, id, s -> !s.state().isAlive());
        assertThat(firstBytes(v0)).as("the guest's mark was merged into v0").startsWith(TestGuest.DISK_MARK_PREFIX + "m3\n");
        assertThat(byteAt(v0, 3145728)).as("after the pivot the guest writes v0").isEqualTo(0x7c);
    }

    private void hmp(UUID vmId, String command) throws Exception {
        String out = driver.vm(vmId).command("human-monitor-command", java.util.Map.of("command-line", command)).asText();
        assertThat(out).as(command).doesNotContain("rror", "failed");
    }

    /** One byte of the guest's view of an image (its whole chain), read by qemu-img on the host. */
    private int byteAt(Path image, long offset) throws Exception {
        Path out = stateDir.resolve("byte-" + UUID.randomUUID());
        Process p = new ProcessBuilder("qemu-img", "convert", "-U", "-f", "qcow2", "-O", "raw", image.toString(), out.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
        try (var f = new java.io.RandomAccessFile(out.toFile(), "r")) {
            f.seek(offset);
            return f.read();
        } finally {
            Files.delete(out);
        }
    }

    @Test
    void aDiskOpenReadWriteByOneVmIsRefusedToAnother() throws Exception {
        Path image = qcow2("shared.qcow2");
        VmDefinition.Disk disk = new VmDefinition.Disk("d1", "v1", image.toString(), "qcow2", "", "", "virtio-blk", true, false);
        VmDefinition first = new VmDefinition(UUID.randomUUID(), "first", 1, 128, bootGuest(), List.of(disk));
        VmDefinition second = new VmDefinition(UUID.randomUUID(), "second", 1, 128, bootGuest(), List.of(disk));
        driver.start(first);

        assertThatThrownBy(() -> driver.start(second)).isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.code()).isEqualTo(DriverException.Code.WRONG_STATE);
            assertThat(e.getMessage()).contains("second", "first", "read-write", image.toString());
        });
        assertThat(driver.vms()).extracting(VmState::name).containsExactly("first");
    }

    private Path qcow2(String name) throws Exception {
        Path image = stateDir.resolve(name);
        Process p = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "64M").redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
        return image;
    }

    /** The first bytes of the image's guest-visible content, read by qemu-img on the host. */
    private String firstBytes(Path image) throws Exception {
        Path out = stateDir.resolve("first-bytes");
        Process p = new ProcessBuilder("qemu-img", "dd", "-f", "qcow2", "-O", "raw", "bs=512", "count=1",
                "if=" + image, "of=" + out).redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
        return new String(Files.readAllBytes(out), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private QemuDriver newDriver() {
        QemuDriver d = new QemuDriver(new QemuDriverConfig(stateDir, 5900, 5999, "tcg", QEMU));
        drivers.add(d);
        return d;
    }

    private static VmDefinition.Boot bootGuest() {
        return new VmDefinition.Boot(guest.kernel().toString(), guest.initrd().toString(), guest.cmdline());
    }

    private static VmDefinition definition() {
        UUID id = UUID.randomUUID();
        return new VmDefinition(id, "test-" + id.toString().substring(0, 8), 1, 256, bootGuest());
    }

    private static VmState awaitState(QemuDriver d, UUID id, Predicate<VmState> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + STATE.toNanos();
        VmState last = null;
        while (System.nanoTime() < deadline) {
            last = d.vms().stream().filter(v -> v.id().equals(id)).findFirst().orElse(null);
            if (last != null && wanted.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("VM " + id + " did not reach the expected state within " + STATE.toSeconds() + " s; last seen: " + last);
    }

    private static void awaitSerial(Path vmDir, String marker) throws Exception {
        Path serial = vmDir.resolve("serial.log");
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(serial) && Files.readString(serial).contains(marker)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(marker + " not on the serial console within " + BOOT.toSeconds() + " s:\n"
                + (Files.exists(serial) ? Files.readString(serial) : "(no serial.log)"));
    }

    /** The first bytes QEMU's VNC server sends on a new console connection: "RFB 003.008\n". */
    private static String rfbGreeting(QemuDriver d, UUID vmId) throws Exception {
        try (java.nio.channels.SocketChannel console = d.openConsole(vmId)) {
            java.nio.ByteBuffer greeting = java.nio.ByteBuffer.allocate(12);
            while (greeting.hasRemaining() && console.read(greeting) >= 0) {
                // the greeting may arrive in pieces
            }
            return new String(greeting.array(), 0, greeting.position(), java.nio.charset.StandardCharsets.US_ASCII);
        }
    }
}
