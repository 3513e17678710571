package dev.flotilla.agent.managerlink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.driver.RunState;
import dev.flotilla.agent.driver.VmDefinition;
import dev.flotilla.agent.driver.VmState;
import dev.flotilla.agent.driver.simulated.SimulatedDriver;
import dev.flotilla.agent.driver.simulated.SimulatedDriverConfig;
import dev.flotilla.agent.driver.simulated.SimulatedFaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfFenceTest {

    private static final long MS = 1_000_000L;
    /** A 3 s lease checked every 250 ms with 500 ms to kill: the kills start 750 ms before it ends. */
    private static final SelfFence.Terms TERMS = new SelfFence.Terms(3000, 250, 500);
    private static final long LEAD = 750;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong now = new AtomicLong(1_000 * MS);
    private final SimulatedDriver driver = new SimulatedDriver(
            new SimulatedDriverConfig(4, 4096, 5900, 5901, SimulatedFaults.NONE, Duration.ofMillis(50), null), scheduler);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private UUID run(String name) throws Exception {
        return driver.start(new VmDefinition(UUID.randomUUID(), name, 1, 128, VmDefinition.Boot.NONE)).id();
    }

    private RunState state(UUID id) {
        return driver.vms().stream().filter(v -> v.id().equals(id)).map(VmState::state).findFirst().orElseThrow();
    }

    private SelfFence fence() {
        return new SelfFence(driver, dir.resolve("ha-lease"), now::get, "test");
    }

    @Test
    void aRenewedLeaseLeavesEveryVmRunning() throws Exception {
        UUID ha = run("ha");
        SelfFence fence = fence();
        fence.renewed(now.get(), TERMS, List.of(ha.toString()));

        now.addAndGet((3000 - LEAD - 1) * MS);
        fence.check();

        assertThat(fence.fenceDue()).isFalse();
        assertThat(state(ha)).isEqualTo(RunState.RUNNING);
    }

    @Test
    void anExpiredLeasePowersOffOnlyTheHighlyAvailableVms() throws Exception {
        UUID ha = run("ha");
        UUID plain = run("plain");
        SelfFence fence = fence();
        fence.renewed(now.get(), TERMS, List.of(ha.toString()));

        now.addAndGet((3000 - LEAD) * MS);
        fence.check();

        assertThat(fence.fenceDue()).isTrue();
        assertThat(state(ha).isAlive()).isFalse();
        assertThat(state(plain)).isEqualTo(RunState.RUNNING);
    }

    @Test
    void theLeaseRunsFromWhenTheHeartbeatWasSentNotWhenTheRenewalArrived() throws Exception {
        UUID ha = run("ha");
        SelfFence fence = fence();
        long sent = now.get();
        now.addAndGet(2000 * MS); // the renewal took 2 s to come back
        fence.renewed(sent, TERMS, List.of(ha.toString()));

        now.addAndGet((1000 - LEAD) * MS);
        fence.check();

        assertThat(state(ha).isAlive()).isFalse();
    }

    @Test
    void aLateRenewalOfAnOlderHeartbeatDoesNotShortenTheLease() {
        SelfFence fence = fence();
        long older = now.get();
        fence.renewed(older + 1000 * MS, TERMS, List.of());
        fence.renewed(older, TERMS, List.of());

        now.addAndGet((4000 - LEAD - 1) * MS);

        assertThat(fence.fenceDue()).isFalse();
    }

    @Test
    void aVmStartedAsHighlyAvailableIsFencedBeforeAnyRenewalNamesIt() throws Exception {
        SelfFence fence = fence();
        fence.renewed(now.get(), TERMS, List.of());
        UUID ha = run("ha");
        fence.started(ha.toString(), true);

        now.addAndGet((3000 - LEAD) * MS);
        fence.check();

        assertThat(state(ha).isAlive()).isFalse();
    }

    @Test
    void aLeaseOfZeroNeverFences() throws Exception {
        UUID ha = run("ha");
        SelfFence fence = fence();
        fence.renewed(now.get(), new SelfFence.Terms(0, 250, 500), List.of(ha.toString()));

        now.addAndGet(3_600_000 * MS);
        fence.check();

        assertThat(state(ha)).isEqualTo(RunState.RUNNING);
    }

    @Test
    void anAgentRestartedWhileCutOffStillFencesItsHighlyAvailableVmsALeaseAfterItsStart() throws Exception {
        UUID ha = run("ha");
        fence().renewed(now.get(), TERMS, List.of(ha.toString()));

        now.addAndGet(60_000 * MS); // the agent was down a minute, then starts without reaching the manager
        SelfFence restarted = fence();
        restarted.check();
        assertThat(state(ha)).isEqualTo(RunState.RUNNING);
        assertThat(restarted.haVms()).isEqualTo(Set.of(ha.toString()));

        now.addAndGet((3000 - LEAD) * MS);
        restarted.check();
        assertThat(state(ha).isAlive()).isFalse();
    }

    @Test
    void aRenewalTheManagerComputedBeforeAStartDoesNotDropTheStartedVm() throws Exception {
        SelfFence fence = fence();
        long heartbeat = now.get();
        now.addAndGet(100 * MS);
        UUID ha = run("ha");
        fence.started(ha.toString(), true);
        fence.renewed(heartbeat, TERMS, List.of()); // its list was read before the manager recorded the start

        assertThat(fence.haVms()).containsExactly(ha.toString());
        now.addAndGet((3000 - LEAD) * MS);
        fence.check();
        assertThat(state(ha).isAlive()).isFalse();
    }

    @Test
    void aVmTheManagerNoLongerNamesALeaseAfterItsStartIsNoLongerFenced() throws Exception {
        SelfFence fence = fence();
        UUID ha = run("ha");
        fence.started(ha.toString(), true);
        now.addAndGet(3001 * MS);
        fence.renewed(now.get(), TERMS, List.of()); // HA turned off meanwhile

        assertThat(fence.haVms()).isEmpty();
    }

    @Test
    void termsWhoseLeadIsLongerThanHalfTheLeaseFenceAtHalfTheLease() throws Exception {
        UUID ha = run("ha");
        SelfFence fence = fence();
        fence.renewed(now.get(), new SelfFence.Terms(1000, 250, 5000), List.of(ha.toString()));

        now.addAndGet(499 * MS);
        assertThat(fence.fenceDue()).isFalse();
        now.addAndGet(1 * MS);
        fence.check();
        assertThat(state(ha).isAlive()).isFalse();
    }

    @Test
    void theTermsAndTheVmsSurviveAnAgentRestart() throws Exception {
        UUID ha = run("ha");
        fence().renewed(now.get(), TERMS, List.of(ha.toString()));

        assertThat(fence().terms()).isEqualTo(TERMS);
    }
}
