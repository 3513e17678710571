package dev.flotilla.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.MigrationProgress;
import dev.flotilla.agent.driver.MigrationResult;
import dev.flotilla.agent.driver.MigrationSettings;
import dev.flotilla.agent.driver.RunState;
import dev.flotilla.agent.driver.VmDefinition;
import dev.flotilla.agent.driver.VmState;
import dev.flotilla.agent.driver.VmStateChange;
import dev.flotilla.agent.testguest.TestGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live migration between two drivers (two "hosts" on loopback) with real QEMU guests under TCG. */
class QemuMigrationTest {

    private static final String QEMU = "qemu-system-x86_64";
    private static final MigrationSettings FAST = new MigrationSettings(20, 0, false, false, List.of(50, 100, 200, 500));

    private static TestGuest guest;

    @TempDir
    Path stateDir;

    private QemuDriver source;
    private QemuDriver target;
    private final List<MigrationProgress> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void buildGuest() {
        assertThat(QemuDriver.isAvailable(QEMU)).as("%s is installed and runs", QEMU).isTrue();
        guest = TestGuest.build().ticking();
    }

    @BeforeEach
    void startDrivers() {
        source = new QemuDriver(new QemuDriverConfig(stateDir.resolve("a"), 47000, 47049, "tcg", QEMU));
        target = new QemuDriver(new QemuDriverConfig(stateDir.resolve("b"), 47050, 47099, "tcg", QEMU));
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (QemuDriver d : List.of(source, target)) {
            for (VmState vm : d.vms()) {
                if (vm.state().isAlive()) {
                    try {
                        d.powerOff(vm.id());
                    } catch (DriverException e) {
                        // already going away
                    }
                }
            }
            d.close();
        }
    }

    @Test
    void aRunningGuestMovesToTheOtherHostAndGoesOnCounting() throws Exception {
        VmDefinition vm = definition();
        source.start(vm);
        int before = awaitTick(serial(source, vm), 3);

        int port = target.prepareIncoming(vm, false);
        assertThat(port).isBetween(47050, 47099);
        assertThat(state(target, vm.id()).state()).isEqualTo(RunState.STARTING);
        List<VmStateChange> told = new CopyOnWriteArrayList<>();
        source.addListener(told::add);
        source.prepareMigration(vm.id(), FAST);     // as the manager has it done while the target starts
        MigrationResult result = source.migrate(vm.id(), "127.0.0.1", port, FAST, progress::add);
        // the switch-over's pause is the migration's to tell (its result), not a state change for the manager to work through first
        assertThat(told).as("state changes published while the VM was sent away").isEmpty();
        assertThat(state(source, vm.id()).state()).as("the copy left here, until it is ended").isEqualTo(RunState.SHUTTING_DOWN);
        source.endMigratedAway(vm.id());

        assertThat(result.downtimeMs()).isPositive();
        assertThat(result.totalTimeMs()).isPositive();
        assertThat(result.transferredBytes()).isPositive();
        // reports while it runs; its end is the result's to tell, so no report says "completed"
        assertThat(progress).noneMatch(p -> p.status().equals("completed"));
        awaitState(target, vm.id(), s -> s.state() == RunState.RUNNING);
        VmState gone = awaitState(source, vm.id(), s -> s.state() == RunState.STOPPED);
        assertThat(gone.reason()).startsWith("migrated to 127.0.0.1:" + port);
        // The guest's clock goes on from where it was: its count continues on the destination's serial console.
        int after = awaitTick(serial(target, vm), 1);
        assertThat(after).isGreaterThan(before);
        assertThat(Files.readString(serial(target, vm))).doesNotContain(TestGuest.READY_MARKER);
    }

    /** The agent answered the migration and stopped before it ended its copy: the next agent ends it. */
    @Test
    void aHandedOverCopyLeftByAnAgentThatStoppedIsEndedWhenTheNextOneStarts() throws Exception {
        VmDefinition vm = definition();
        source.start(vm);
        awaitTick(serial(source, vm), 2);
        int port = target.prepareIncoming(vm, false);
        source.migrate(vm.id(), "127.0.0.1", port, FAST, progress::add);
        long leftPid = VmFiles.of(stateDir.resolve("a"), vm.id()).readPid().orElseThrow();
        source.close();     // the agent goes; QEMU stays, paused in "postmigrate"

        source = new QemuDriver(new QemuDriverConfig(stateDir.resolve("a"), 47000, 47049, "tcg", QEMU));
        source.recover();

        VmState ended = awaitState(source, vm.id(), s -> s.state() == RunState.STOPPED);
        assertThat(ended.reason()).contains("migrated away");
        // gone as the agent counts it (an exited QEMU not yet reaped by this JVM, its parent here, is a zombie with no cmdline)
        assertThat(QemuProcess.isAlive(leftPid, vm.id())).as("the left copy's QEMU").isFalse();
        awaitState(target, vm.id(), s -> s.state() == RunState.RUNNING);
    }

    @Test
    void aCancelledMigrationLeavesTheGuestRunningOnTheSourceAndEndsTheIncomingOne() throws Exception {
        VmDefinition vm = definition();
        source.start(vm);
        awaitTick(serial(source, vm), 2);
        int port = target.prepareIncoming(vm, false);
        List<VmStateChange> told = new CopyOnWriteArrayList<>();
        source.addListener(told::add);
        // 1 MiB/s: a 256 MiB guest would take minutes, so there is time to cancel midway.
        MigrationSettings slow = new MigrationSettings(20, 1024 * 1024, false, false, List.of());
        CompletableFuture<MigrationResult> migration = CompletableFuture.supplyAsync(() -> {
            try {
                return source.migrate(vm.id(), "127.0.0.1", port, slow, progress::add);
            } catch (DriverException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (progress.stream().noneMatch(p -> p.status().equals("active") && p.transferredBytes() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        source.cancelMigration(vm.id());

        assertThatThrownBy(migration::join).hasCauseInstanceOf(DriverException.class)
                .hasMessageContaining("it was cancelled; it still runs here");
        assertThat(state(source, vm.id()).state()).isEqualTo(RunState.RUNNING);
        assertThat(told).as("after a cancel the manager hears where the VM stands").last()
                .satisfies(c -> assertThat(c.state()).isEqualTo(RunState.RUNNING));
        awaitState(target, vm.id(), s -> !s.state().isAlive());
        int now = TestGuest.lastTick(Files.readString(serial(source, vm)));
        awaitTick(serial(source, vm), now + 1);
        assertThatThrownBy(() -> source.cancelMigration(vm.id())).isInstanceOf(DriverException.class).hasMessageContaining("is not migrating");
    }

    /**
     * Disks plugged and unplugged while the guest ran: the target, started from the definition
     * the manager keeps (each disk at its slot), has exactly the source's devices, so the guest
     * goes on there and reads the disk plugged live, past its page cache.
     */
    @Test
    void aGuestWhoseDisksChangedLiveMigratesAndStillReadsThePluggedDisk() throws Exception {
        VmDefinition.Disk vda = disk("a", image("vda.raw", "FLOTILLA-DISK-A"), 0);
        VmDefinition.Disk vdb = disk("b", image("vdb.raw", "FLOTILLA-DISK-B"), DiskSlot.FIRST_PORT_SLOT);
        VmDefinition.Disk vdc = disk("c", image("vdc.raw", "FLOTILLA-DISK-C"), DiskSlot.FIRST_PORT_SLOT + 1);
        UUID id = UUID.randomUUID();
        VmDefinition.Boot boot = new VmDefinition.Boot(guest.kernel().toString(), guest.initrd().toString(), guest.readingDisks().cmdline());
        VmDefinition vm = new VmDefinition(id, "plugmig-" + id.toString().substring(0, 8), 1, 256, boot, List.of(vda), true);
        source.start(vm);
        awaitRead(serial(source, vm), "vda", "FLOTILLA-DISK-A");
        source.plugDisk(id, vdb);
        source.plugDisk(id, vdc);
        awaitRead(serial(source, vm), "vdc", "FLOTILLA-DISK-C");
        source.unplugDisk(id, "b");
        int before = TestGuest.lastTick(Files.readString(serial(source, vm)));

        // what the manager sends the target: the disks attached now, each at its slot
        VmDefinition now = new VmDefinition(id, vm.name(), 1, 256, boot, List.of(vda, vdc), true);
        int port = target.prepareIncoming(now, false);
        source.migrate(id, "127.0.0.1", port, FAST, progress::add);
        source.endMigratedAway(id);

        awaitState(target, id, s -> s.state() == RunState.RUNNING);
        assertThat(awaitRead(serial(target, vm), "vdc", "FLOTILLA-DISK-C")).as("read on the target").isPositive();
        assertThat(awaitTick(serial(target, vm), before + 1)).isGreaterThan(before);
        assertThat(TestGuest.lastRead(Files.readString(serial(target, vm)), "vdb")).as("the unplugged disk stays gone").isEmpty();
    }

    private VmDefinition.Disk disk(String id, Path image, int slot) {
        return new VmDefinition.Disk(id, "v-" + id, image.toString(), "raw", "", "", "virtio-blk", false, false, List.of(), slot);
    }

    /** A 16 MiB raw image that starts with {@code mark}. */
    private Path image(String name, String mark) throws Exception {
        Path image = stateDir.resolve(name);
        try (var f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(16L << 20);
            f.write(mark.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return image;
    }

    /** Waits until the guest read {@code mark} from {@code disk}; returns the round it did. */
    private static int awaitRead(Path serial, String disk, String mark) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String text = "";
        while (System.nanoTime() < deadline) {
            text = Files.exists(serial) ? Files.readString(serial) : "";
            var read = TestGuest.lastRead(text, disk);
            if (read.isPresent() && read.get().getValue().startsWith(mark)) {
                return read.get().getKey();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the guest did not read " + mark + " from " + disk + " on " + serial + ":\n" + text);
    }

    private static VmDefinition definition() {
        UUID id = UUID.randomUUID();
        return new VmDefinition(id, "mig-" + id.toString().substring(0, 8), 1, 256,
                new VmDefinition.Boot(guest.kernel().toString(), guest.initrd().toString(), guest.cmdline()));
    }

    private Path serial(QemuDriver d, VmDefinition vm) {
        return stateDir.resolve(d == source ? "a" : "b").resolve("vms").resolve(vm.id().toString()).resolve("serial.log");
    }

    private static VmState state(QemuDriver d, UUID id) {
        return d.vms().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
    }

    /** Waits until the guest's count on {@code serial} reaches {@code atLeast}; returns the count then. */
    private static int awaitTick(Path serial, int atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String text = "";
        while (System.nanoTime() < deadline) {
            text = Files.exists(serial) ? Files.readString(serial) : "";
            int tick = TestGuest.lastTick(text);
            if (tick >= atLeast) {
                return tick;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the guest did not count to " + atLeast + " on " + serial + ":\n" + text);
    }

    private static VmState awaitState(QemuDriver d, UUID id, Predicate<VmState> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        VmState last = null;
        while (System.nanoTime() < deadline) {
            last = d.vms().stream().filter(v -> v.id().equals(id)).findFirst().orElse(null);
            if (last != null && wanted.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("VM " + id + " did not reach the expected state within 30 s; last seen: " + last);
    }
}
