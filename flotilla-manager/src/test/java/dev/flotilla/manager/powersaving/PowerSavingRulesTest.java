package dev.flotilla.manager.powersaving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.host.HostStatus;
import dev.flotilla.manager.powersaving.PowerSavingRules.Kind;
import dev.flotilla.manager.powersaving.PowerSavingRules.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Power saving's decisions with fake hosts: what is powered off, on or activated, and what never is. */
class PowerSavingRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-27T21:00:00Z");
    private static final PowerSavingSettings ON = new PowerSavingSettings(true, 1);
    private final PowerSavingRules rules = new PowerSavingRules(Duration.ofMinutes(10), Duration.ofMinutes(15));

    private static HostPowerView up(String name, int vms) {
        return new HostPowerView(UUID.randomUUID(), name, HostStatus.Up, true, true, true, true, vms, null, null);
    }

    private static HostPowerView with(HostPowerView h, HostStatus status, boolean connected, PowerSavingState state, Instant since) {
        return new HostPowerView(h.id(), h.name(), status, connected, h.powerManagement(), h.policyControl(), h.lastTestOk(), h.vms(), state, since);
    }

    private static HostPowerView off(String name) {
        return with(up(name, 0), HostStatus.Maintenance, false, PowerSavingState.Off, NOW.minusSeconds(600));
    }

    private static String only(List<Step> steps, Kind kind) {
        assertThat(steps).hasSize(1);
        assertThat(steps.get(0).kind()).isEqualTo(kind);
        return steps.get(0).host().name();
    }

    @Test
    void idleHostsBeyondTheReserveArePoweredOffOneAtATime() {
        List<Step> steps = rules.decide(ON, List.of(up("a", 3), up("b", 0), up("c", 0), up("d", 0)), NOW);

        assertThat(only(steps, Kind.POWER_OFF)).isEqualTo("d");
        assertThat(steps.get(0).reason()).contains("3 idle Up host(s), HostsInReserve is 1");
    }

    @Test
    void theReserveAndTheLastUpHostStayOn() {
        assertThat(rules.decide(ON, List.of(up("a", 2), up("b", 0)), NOW)).isEmpty(); // b is the reserve
        assertThat(rules.decide(new PowerSavingSettings(true, 0), List.of(up("a", 0)), NOW)).isEmpty(); // the last Up host
        assertThat(only(rules.decide(new PowerSavingSettings(true, 0), List.of(up("a", 0), up("b", 0)), NOW), Kind.POWER_OFF)).isEqualTo("b");
    }

    @Test
    void hostsWithVmsOrOutOfPolicyOrWithAFailedTestOrJustPoweredOnAreNeverPoweredOff() {
        HostPowerView migrationTarget = up("b", 1); // a VM migrating to it counts as placed on it
        HostPowerView noPm = new HostPowerView(UUID.randomUUID(), "c", HostStatus.Up, true, false, false, null, 0, null, null);
        HostPowerView optedOut = new HostPowerView(UUID.randomUUID(), "d", HostStatus.Up, true, true, false, true, 0, null, null);
        HostPowerView failedTest = new HostPowerView(UUID.randomUUID(), "e", HostStatus.Up, true, true, true, false, 0, null, null);
        HostPowerView justOn = with(up("f", 0), HostStatus.Up, true, PowerSavingState.On, NOW.minusSeconds(60));
        List<HostPowerView> hosts = List.of(up("a", 2), migrationTarget, noPm, optedOut, failedTest, justOn);

        assertThat(rules.decide(new PowerSavingSettings(true, 0), hosts, NOW)).isEmpty();
        assertThat(rules.note(failedTest, NOW)).contains("test failed");
        assertThat(rules.note(optedOut, NOW)).contains("policy control");
        assertThat(rules.note(justOn, NOW)).contains("keeps it on until");
        assertThat(rules.note(migrationTarget, NOW)).contains("1 VM(s)");
        // ten minutes later the host power saving switched on may go again
        assertThat(only(rules.decide(new PowerSavingSettings(true, 0), hosts, NOW.plus(Duration.ofMinutes(11))), Kind.POWER_OFF)).isEqualTo("f");
    }

    @Test
    void aReserveRunningShortPowersOneHostOn() {
        List<Step> steps = rules.decide(new PowerSavingSettings(true, 2), List.of(up("a", 1), up("b", 0), off("d"), off("c")), NOW);

        assertThat(only(steps, Kind.POWER_ON)).isEqualTo("c");
        assertThat(steps.get(0).reason()).contains("reserve ran short");
    }

    @Test
    void nothingMoreWhileAHostIsBeingSwitched() {
        HostPowerView coming = with(up("c", 0), HostStatus.Maintenance, false, PowerSavingState.PoweringOn, NOW.minusSeconds(30));
        assertThat(rules.decide(new PowerSavingSettings(true, 3), List.of(up("a", 1), up("b", 0), coming, off("d")), NOW)).isEmpty();
        // a switch that never finished (a manager restart) blocks no longer than the switch timeout
        assertThat(only(rules.decide(new PowerSavingSettings(true, 3), List.of(up("a", 1), up("b", 0),
                with(coming, HostStatus.Maintenance, false, PowerSavingState.PoweringOn, NOW.minus(Duration.ofMinutes(20))), off("d")), NOW),
                Kind.POWER_ON)).isIn("c", "d");
    }

    @Test
    void aHostWhoseAgentIsBackIsActivatedEvenWithPowerSavingTurnedOff() {
        HostPowerView back = with(up("c", 0), HostStatus.Maintenance, true, PowerSavingState.PoweringOn, NOW.minusSeconds(30));
        HostPowerView adminsMaintenance = with(up("d", 0), HostStatus.Maintenance, true, null, null);

        assertThat(only(rules.decide(new PowerSavingSettings(false, 0), List.of(up("a", 1), back, adminsMaintenance), NOW), Kind.ACTIVATE))
                .isEqualTo("c");
        assertThat(rules.decide(new PowerSavingSettings(false, 0), List.of(up("a", 0), up("b", 0)), NOW)).isEmpty();
    }

    @Test
    void capacityForAVmPrefersItsPinnedHostAndReusesOneAlreadyComing() {
        HostPowerView c = off("c");
        HostPowerView d = off("d");
        HostPowerView failed = new HostPowerView(UUID.randomUUID(), "b", HostStatus.Maintenance, false, true, true, false, 0,
                PowerSavingState.Off, NOW);

        assertThat(rules.spare(List.of(up("a", 1), failed, c, d), Set.of()).orElseThrow().name()).isEqualTo("c");
        assertThat(rules.spare(List.of(up("a", 1), c, d), Set.of(d.id())).orElseThrow().name()).isEqualTo("d");
        HostPowerView coming = with(d, HostStatus.Maintenance, false, PowerSavingState.PoweringOn, NOW);
        assertThat(rules.spare(List.of(c, coming), Set.of(c.id())).orElseThrow().name()).isEqualTo("d");
        assertThat(rules.spare(List.of(up("a", 1), failed), Set.of())).isEmpty();
    }
}
