package dev.flotilla.agent.driver.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.RunState;
import dev.flotilla.agent.driver.VmDefinition;
import dev.flotilla.agent.driver.VmState;
import dev.flotilla.agent.driver.VmStateChange;
import dev.flotilla.agent.stats.HostStats;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedDriverTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<VmStateChange> changes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private SimulatedDriver driver(SimulatedFaults faults, Path stateDir) {
        SimulatedDriver d = new SimulatedDriver(new SimulatedDriverConfig(4, 4096, 5900, 5901, faults, Duration.ofMillis(50), stateDir), scheduler);
        d.addListener(changes::add);
        return d;
    }

    private static VmDefinition vm(String name, long memoryMiB) {
        return new VmDefinition(UUID.randomUUID(), name, 2, memoryMiB, VmDefinition.Boot.NONE);
    }

    @Test
    void startsRunsAndReportsPlausibleStats() throws Exception {
        SimulatedDriver d = driver(SimulatedFaults.NONE, null);
        VmDefinition web = vm("web", 1024);
        VmState state = d.start(web);
        assertThat(state.state()).isEqualTo(RunState.RUNNING);
        assertThatThrownBy(() -> d.openConsole(web.id())).isInstanceOfSatisfying(DriverException.class,
                e -> assertThat(e.code()).isEqualTo(DriverException.Code.WRONG_STATE));
        assertThat(state.memoryRssMiB()).isBetween(1L, 1024L);
        assertThat(state.cpuPercent()).isBetween(0.0, 200.0);
        // one system disk, reading hard while the guest "boots"; no NIC, as the definition has none
        assertThat(state.disks().count()).isEqualTo(1);
        assertThat(state.disks().readBytesPerSecond()).isBetween(1024.0, 16.0 * 1024 * 1024);
        assertThat(state.disks().writeBytesPerSecond()).isBetween(1.0, 2.0 * 1024 * 1024);
        assertThat(state.nics()).isEqualTo(VmState.Nics.NONE);
        assertThat(changes).extracting(VmStateChange::state).containsExactly(RunState.RUNNING);
        assertThat(d.vms()).hasSize(1);

        HostStats host = d.sample();
        assertThat(host.memoryTotalMiB()).isEqualTo(4096);
        assertThat(host.memoryUsedMiB()).isGreaterThan(512);
        assertThat(host.cpuPercent()).isBetween(0.0, 100.0);
        assertThat(host.diskReadBytesPerSecond()).as("the guest's reads").isGreaterThan(1024.0);
        assertThat(host.netReceiveBytesPerSecond()).as("the host's own chatter").isBetween(1.0, 64.0 * 1024);
        assertThat(host.netTransmitBytesPerSecond()).isBetween(1.0, 64.0 * 1024);

        assertThatThrownBy(() -> d.start(web)).isInstanceOf(DriverException.class)
                .satisfies(e -> assertThat(((DriverException) e).code()).isEqualTo(DriverException.Code.WRONG_STATE));
    }

    @Test
    void refusesAVmThatDoesNotFitInMemoryWithTheFigures() throws Exception {
        SimulatedDriver d = driver(SimulatedFaults.NONE, null);
        d.start(vm("big", 3000));
        assertThatThrownBy(() -> d.start(vm("second", 2000)))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining("2000 MiB").hasMessageContaining("1096 MiB free of 4096 MiB")
                .satisfies(e -> assertThat(((DriverException) e).code()).isEqualTo(DriverException.Code.INVALID_SPEC));
    }

    @Test
    void aMissingKernelIsRefusedOnlyWhenOneIsNamed(@TempDir Path tmp) throws Exception {
        SimulatedDriver d = driver(SimulatedFaults.NONE, null);
        VmDefinition missing = new VmDefinition(UUID.randomUUID(), "k", 1, 128, new VmDefinition.Boot("/nonexistent/vmlinuz", "", ""));
        assertThatThrownBy(() -> d.start(missing)).hasMessageContaining("/nonexistent/vmlinuz")
                .satisfies(e -> assertThat(((DriverException) e).code()).isEqualTo(DriverException.Code.INVALID_SPEC));
        Path kernel = Files.writeString(tmp.resolve("vmlinuz"), "not really");
        d.start(new VmDefinition(UUID.randomUUID(), "k2", 1, 128, new VmDefinition.Boot(kernel.toString(), "", "console=ttyS0")));
    }

    @Test
    void shutdownGoesThroughShuttingDownToStoppedByTheGuest() throws Exception {
        SimulatedDriver d = driver(SimulatedFaults.NONE, null);
        VmDefinition def = vm("a", 256);
        d.start(def);
        d.shutdown(def.id());
        assertThat(state(d, def.id()).state()).isEqualTo(RunState.SHUTTING_DOWN);
        waitUntil(() -> state(d, def.id()).state() == RunState.STOPPED);
        assertThat(state(d, def.id()).reason()).isEqualTo("guest powered off");
        assertThat(changes).extracting(VmStateChange::state)
                .containsExactly(RunState.RUNNING, RunState.SHUTTING_DOWN, RunState.STOPPED);
        assertThatThrownBy(() -> d.powerOff(def.id()))
                .satisfies(e -> assertThat(((DriverException) e).code()).isEqualTo(DriverException.Code.WRONG_STATE));
        d.forget(def.id());
        assertThat(d.vms()).isEmpty();
    }

    @Test
    void powerOffPauseResumeReboot() throws Exception {
        SimulatedDriver d = driver(SimulatedFaults.NONE, null);
        VmDefinition def = vm("a", 256);
        d.start(def);
        d.pause(def.id());
        assertThat(state(d, def.id()).state()).isEqualTo(RunState.PAUSED);
        assertThat(state(d, def.id()).cpuPercent()).isZero();
        assertThat(state(d, def.id()).disks()).isEqualTo(new VmState.Disks(1, 0, 0));
        assertThatThrownBy(() -> d.pause(def.id())).hasMessageContaining("paused");
        d.resume(def.id());
        d.reboot(def.id());
        assertThat(state(d, def.id()).state()).isEqualTo(RunState.RUNNING);
        d.powerOff(def.id());
        assertThat(state(d, def.id())).extracting(VmState::state, VmState::reason, VmState::disks)
                .containsExactly(RunState.STOPPED, "powered off by the agent", null);
        assertThatThrownBy(() -> d.resume(UUID.randomUUID()))
                .satisfies(e -> assertThat(((DriverException) e).code()).isEqualTo(DriverException.Code.NO_SUCH_VM));
    }

    @Test
    void aRunningOrPausedGuestHasAScreenAStoppedOneNot() throws Exception {
        SimulatedDriver d = driver(SimulatedFaults.NONE, null);
        VmDefinition def = vm("screen", 256);
        d.start(def);

        BufferedImage running = ImageIO.read(new ByteArrayInputStream(d.screenshot(def.id())));
        assertThat(running).isNotNull();
        assertThat(running.getWidth()).isEqualTo(SimulatedScreen.WIDTH);
        assertThat(running.getHeight()).isEqualTo(SimulatedScreen.HEIGHT);
        d.pause(def.id());
        assertThat(ImageIO.read(new ByteArrayInputStream(d.screenshot(def.id())))).isNotNull();

        d.powerOff(def.id());
        assertThatThrownBy(() -> d.screenshot(def.id()))
                .satisfies(e -> assertThat(((DriverException) e).code()).isEqualTo(DriverException.Code.WRONG_STATE));
        assertThatThrownBy(() -> d.screenshot(UUID.randomUUID()))
                .satisfies(e -> assertThat(((DriverException) e).code()).isEqualTo(DriverException.Code.NO_SUCH_VM));
    }

    @Test
    void faultsStartErrorAndCrash() throws Exception {
        SimulatedDriver failing = driver(new SimulatedFaults(1.0, Duration.ZERO, Duration.ZERO), null);
        assertThatThrownBy(() -> failing.start(vm("x", 128)))
                .satisfies(e -> assertThat(((DriverException) e).code()).isEqualTo(DriverException.Code.DRIVER_FAILURE));

        SimulatedDriver crashing = driver(new SimulatedFaults(0, Duration.ofMillis(50), Duration.ofMillis(1)), null);
        VmDefinition def = vm("c", 128);
        crashing.start(def);
        waitUntil(() -> state(crashing, def.id()).state() == RunState.CRASHED);
        assertThat(state(crashing, def.id()).reason()).isEqualTo("simulated crash");
        assertThat(changes).extracting(VmStateChange::state).endsWith(RunState.CRASHED);
    }

    @Test
    void aNewDriverOnTheSameStateDirReattaches(@TempDir Path stateDir) throws Exception {
        SimulatedDriver first = driver(SimulatedFaults.NONE, stateDir);
        VmDefinition def = vm("survivor", 256);
        first.start(def);
        first.close();
        SimulatedDriver second = driver(SimulatedFaults.NONE, stateDir);
        assertThat(second.recover()).extracting(VmState::id).containsExactly(def.id());
        second.powerOff(def.id());
        assertThat(second.vms()).extracting(VmState::state).containsExactly(RunState.STOPPED);
    }

    private static VmState state(SimulatedDriver d, UUID id) {
        return d.vms().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        Instant end = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
