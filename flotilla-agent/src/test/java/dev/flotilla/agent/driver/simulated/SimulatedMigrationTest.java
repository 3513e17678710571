package dev.flotilla.agent.driver.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.MigrationProgress;
import dev.flotilla.agent.driver.MigrationResult;
import dev.flotilla.agent.driver.MigrationSettings;
import dev.flotilla.agent.driver.RunState;
import dev.flotilla.agent.driver.VmDefinition;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedMigrationTest {

    private static final MigrationSettings SETTINGS = new MigrationSettings(20, 0, false, false, List.of(50));

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final SimulatedDriver a = driver();
    private final SimulatedDriver b = driver();
    private final List<MigrationProgress> progress = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private SimulatedDriver driver() {
        return new SimulatedDriver(new SimulatedDriverConfig(4, 8192, 5900, 5901, SimulatedFaults.NONE, Duration.ofMillis(50), null), scheduler);
    }

    private static VmDefinition vm() {
        return new VmDefinition(UUID.randomUUID(), "sim-mig", 2, 1024, VmDefinition.Boot.NONE);
    }

    @Test
    void aVmMovesBetweenSimulatedHostsOfOneProcess() throws Exception {
        VmDefinition vm = vm();
        a.start(vm);
        int port = b.prepareIncoming(vm, false);
        assertThat(b.vms()).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo(RunState.STARTING));

        MigrationResult result = a.migrate(vm.id(), "127.0.0.1", port, SETTINGS, progress::add);

        assertThat(result.downtimeMs()).isBetween(1L, 20L);
        assertThat(progress).last().satisfies(p -> assertThat(p.percent()).isEqualTo(100));
        assertThat(b.vms()).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo(RunState.RUNNING));
        assertThat(a.vms()).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(RunState.STOPPED);
            assertThat(s.reason()).startsWith("migrated to");
        });
    }

    @Test
    void aCancelledMigrationKeepsTheVmOnTheSource() throws Exception {
        VmDefinition vm = vm();
        a.start(vm);
        int port = b.prepareIncoming(vm, false);
        MigrationSettings slow = new MigrationSettings(20, 100L * 1024 * 1024, false, false, List.of());
        CompletableFuture<Void> migration = CompletableFuture.runAsync(() -> {
            try {
                a.migrate(vm.id(), "127.0.0.1", port, slow, progress::add);
            } catch (DriverException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        while (progress.isEmpty()) {
            Thread.sleep(10);
        }

        a.cancelMigration(vm.id());

        assertThatThrownBy(migration::join).hasMessageContaining("it was cancelled");
        assertThat(a.vms()).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo(RunState.RUNNING));
        assertThat(b.vms()).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo(RunState.STOPPED));
    }

    @Test
    void aPortNobodyPreparedFailsClearly() throws Exception {
        VmDefinition vm = vm();
        a.start(vm);

        assertThatThrownBy(() -> a.migrate(vm.id(), "127.0.0.1", 1, SETTINGS, progress::add))
                .isInstanceOf(DriverException.class).hasMessageContaining("migrates only between agents of one process");
    }
}
