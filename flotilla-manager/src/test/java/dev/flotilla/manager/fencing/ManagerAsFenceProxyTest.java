package dev.flotilla.manager.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostFacts;
import dev.flotilla.manager.host.HostStatus;
import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;

/**
 * The manager as the last fence proxy, against OpenIPMI's ipmi_sim on loopback (real IPMI, lanplus,
 * cipher 3): with no other Up host to proxy, the manager's own fence_ipmilan reads, powers off and
 * confirms; a wrong password and an unreachable BMC fail with the tool's reason and confirm nothing;
 * with the setting off, nothing is tried and the event says why.
 */
class ManagerAsFenceProxyTest {

    @TempDir
    Path dir;
    private Process sim;
    private int port;
    private final Host host = new Host(UUID.randomUUID(), UUID.randomUUID(), "lonely", HostStatus.NonResponsive, "", HostFacts.UNKNOWN,
            null, 0, Instant.now());
    private final PowerManagementRepository settings = mock(PowerManagementRepository.class);
    private final SecretBox secrets = mock(SecretBox.class);
    private final FenceProxies proxies = mock(FenceProxies.class);
    private final PowerCommands commands = mock(PowerCommands.class);
    private final EventLog events = mock(EventLog.class);

    @BeforeEach
    void startBmc() throws Exception {
        port = freeUdpPort();
        Path chassis = dir.resolve("chassis.sh");
        Files.writeString(chassis, """
                #!/bin/sh
                op=$2; shift 2
                case $op in
                  get) for p in "$@"; do case $p in power) if [ "$(cat %1$s 2>/dev/null)" = 0 ]; then echo power:0; else echo power:1; fi;; boot) echo boot:default;; esac; done;;
                  set) while [ $# -ge 2 ]; do [ "$1" = power ] && echo "$2" > %1$s; shift 2; done;;
                  *) exit 1;;
                esac
                """.formatted(dir.resolve("power")));
        Files.setPosixFilePermissions(chassis, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(dir.resolve("lan.conf"), """
                name "flotilla-ha-manager-proxy"
                set_working_mc 0x20
                  startlan 1
                    addr 127.0.0.1 %d
                    priv_limit admin
                    allowed_auths_admin none md2 md5 straight
                    guid a123456789abcdefa123456789abcdef
                  endlan
                  chassis_control "%s 0x20"
                  user 2 true "admin" "s3cret" admin 10 none md2 md5 straight
                """.formatted(port, chassis));
        Files.writeString(dir.resolve("sim.emu"), "mc_setbmc 0x20\nmc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr\nmc_enable 0x20\n");
        sim = new ProcessBuilder("ipmi_sim", "-c", dir.resolve("lan.conf").toString(), "-f", dir.resolve("sim.emu").toString(),
                "-n", "-s", dir.resolve("state").toString()).redirectErrorStream(true).redirectOutput(dir.resolve("sim.log").toFile()).start();
        Thread.sleep(300); // ipmi_sim binds its UDP port right after reading the two files
        when(proxies.candidates(any(), any())).thenReturn(List.of()); // no other Up host anywhere
        when(secrets.open(anyString())).thenAnswer(i -> i.getArgument(0));
    }

    @AfterEach
    void stopBmc() {
        if (sim != null) {
            sim.destroyForcibly();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Fencer fencer(boolean managerAsProxy, String password, int bmcPort) {
        when(settings.find(host.id())).thenReturn(Optional.of(new PowerManagement(host.id(), "ipmilan", "127.0.0.1", bmcPort, "admin", password,
                true, "3", "", List.of("cluster", "dc"), true)));
        return new Fencer(settings, secrets, proxies, commands, events, Duration.ofSeconds(20), 5, Duration.ofMillis(200), managerAsProxy, "");
    }

    private List<String> eventLines() {
        ArgumentCaptor<String> info = ArgumentCaptor.forClass(String.class);
        ArgumentCaptor<String> error = ArgumentCaptor.forClass(String.class);
        ArgumentCaptor<String> warning = ArgumentCaptor.forClass(String.class);
        verify(events, org.mockito.Mockito.atLeast(0)).info(any(), info.capture());
        verify(events, org.mockito.Mockito.atLeast(0)).error(any(), error.capture());
        verify(events, org.mockito.Mockito.atLeast(0)).warning(any(), warning.capture());
        return java.util.stream.Stream.of(info.getAllValues(), error.getAllValues(), warning.getAllValues()).flatMap(List::stream).toList();
    }

    @Test
    void withNoOtherHostTheManagerFencesThroughTheBmcAndConfirmsOff() {
        Fencer fencer = fencer(true, "s3cret", port);
        AtomicBoolean released = new AtomicBoolean();

        Fencer.Outcome status = fencer.run(host, "status");
        Fencer.Outcome restart = fencer.restart(host, () -> released.set(true));

        assertThat(status).extracting(Fencer.Outcome::ok, Fencer.Outcome::powerStatus, Fencer.Outcome::proxy).containsExactly(true, "on", "manager");
        assertThat(restart.confirmedOff()).as(restart.message()).isTrue();
        assertThat(released).isTrue();
        assertThat(fencer.run(host, "status").powerStatus()).as("powered on again after the release").isEqualTo("on");
        assertThat(eventLines()).anySatisfy(m -> assertThat(m).contains("through the manager itself, the last proxy"))
                .anySatisfy(m -> assertThat(m).contains("is powered off (confirmed by its BMC through manager)"));
        verify(commands, never()).fence(any(), any());
    }

    @Test
    void aWrongPasswordThroughTheManagerConfirmsNothing() throws Exception {
        Fencer fencer = fencer(true, "wrong", port);
        AtomicBoolean released = new AtomicBoolean();

        Fencer.Outcome restart = fencer.restart(host, () -> released.set(true));

        assertThat(restart.ok()).isFalse();
        assertThat(restart.confirmedOff()).isFalse();
        assertThat(released).isFalse();
        assertThat(Files.exists(dir.resolve("power"))).as("the BMC was not switched").isFalse();
        assertThat(eventLines()).anySatisfy(m -> assertThat(m).contains("off through the manager failed"));
    }

    @Test
    void anUnreachableBmcThroughTheManagerConfirmsNothing() throws Exception {
        Fencer fencer = fencer(true, "s3cret", freeUdpPort());

        Fencer.Outcome restart = fencer.restart(host, () -> { throw new AssertionError("released without a confirmed off"); });

        assertThat(restart.confirmedOff()).isFalse();
        assertThat(eventLines()).anySatisfy(m -> assertThat(m).contains("off through the manager failed"));
    }

    @Test
    void withTheSettingOffNothingIsTriedAndTheEventSaysWhy() {
        Fencer fencer = fencer(false, "s3cret", port);

        Fencer.Outcome status = fencer.run(host, "status");

        assertThat(status.ok()).isFalse();
        assertThat(status.message()).contains("no fence proxy").contains("manager-as-proxy is off");
        assertThat(Files.exists(dir.resolve("power"))).isFalse();
    }

    @Test
    void aProxyHostThatIsItselfDownFailsWithAClearEventAndReleasesNothing() {
        Host proxy = new Host(UUID.randomUUID(), host.clusterId(), "dead-proxy", HostStatus.Up, "", HostFacts.UNKNOWN, null, 0, Instant.now());
        when(proxies.candidates(any(), any())).thenReturn(List.of(proxy));
        when(commands.fence(any(), any())).thenReturn(java.util.concurrent.CompletableFuture.failedFuture(
                new IllegalStateException("host dead-proxy is not connected")));
        Fencer fencer = fencer(true, "s3cret", port);

        Fencer.Outcome restart = fencer.restart(host, () -> { throw new AssertionError("released without a confirmed off"); });

        assertThat(restart.confirmedOff()).isFalse();
        assertThat(restart.message()).contains("dead-proxy").contains("not connected");
        assertThat(eventLines()).anySatisfy(m -> assertThat(m).contains("off through dead-proxy failed: host dead-proxy is not connected"));
        assertThat(Files.exists(dir.resolve("power"))).as("the manager is only the last proxy: a host was there to ask").isFalse();
    }
}
