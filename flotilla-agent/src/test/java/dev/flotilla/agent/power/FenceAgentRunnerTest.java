package dev.flotilla.agent.power;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fence_ipmilan against OpenIPMI's ipmi_sim on loopback: real IPMI (lanplus, cipher 3) on the wire. */
class FenceAgentRunnerTest {

    @TempDir
    Path dir;
    private Process sim;
    private int port;
    private final FenceAgentRunner runner = FenceAgentRunner.installed();

    @BeforeEach
    void startBmc() throws Exception {
        port = freeUdpPort();
        Path chassis = dir.resolve("chassis.sh");
        Files.writeString(chassis, """
                #!/bin/sh
                state=%s
                op=$2; shift 2
                case $op in
                  get) for p in "$@"; do case $p in power) if [ "$(cat $state 2>/dev/null)" = 0 ]; then echo power:0; else echo power:1; fi;; boot) echo boot:default;; esac; done;;
                  set) while [ $# -ge 2 ]; do [ "$1" = power ] && echo "$2" > $state; shift 2; done;;
                  *) exit 1;;
                esac
                """.formatted(dir.resolve("power")));
        Files.setPosixFilePermissions(chassis, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(dir.resolve("lan.conf"), """
                name "flotilla-ha-test"
                set_working_mc 0x20
                  startlan 1
                    addr 127.0.0.1 %d
                    priv_limit admin
                    allowed_auths_callback none md2 md5 straight
                    allowed_auths_user none md2 md5 straight
                    allowed_auths_operator none md2 md5 straight
                    allowed_auths_admin none md2 md5 straight
                    guid a123456789abcdefa123456789abcdef
                  endlan
                  chassis_control "%s 0x20"
                  user 2 true "admin" "s3cret" admin 10 none md2 md5 straight
                """.formatted(port, chassis));
        Files.writeString(dir.resolve("sim.emu"), """
                mc_setbmc 0x20
                mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr
                mc_enable 0x20
                """);
        sim = new ProcessBuilder("ipmi_sim", "-c", dir.resolve("lan.conf").toString(), "-f", dir.resolve("sim.emu").toString(),
                "-n", "-s", dir.resolve("state").toString()).redirectErrorStream(true).redirectOutput(dir.resolve("sim.log").toFile()).start();
        Thread.sleep(300); // ipmi_sim binds its UDP port right after reading the two files
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

    private FenceCall call(String action, String password, int toPort) {
        return new FenceCall("ipmilan", "127.0.0.1", toPort, "admin", password, true, "3", List.of(), action, 30);
    }

    @Test
    void readsTheStatusPowersOffAndOnAgain() {
        assertThat(runner.run(call("status", "s3cret", port))).isEqualTo(new FenceOutcome(true, "on", "Status: ON"));

        FenceOutcome off = runner.run(call("off", "s3cret", port));
        assertThat(off.ok()).as(off.output()).isTrue();
        assertThat(runner.run(call("status", "s3cret", port)).powerStatus()).isEqualTo("off");

        assertThat(runner.run(call("on", "s3cret", port)).ok()).isTrue();
        assertThat(runner.run(call("status", "s3cret", port)).powerStatus()).isEqualTo("on");
    }

    @Test
    void aWrongPasswordFailsWithTheToolsReasonAndLeavesThePowerAlone() throws Exception {
        FenceOutcome wrong = runner.run(call("off", "wrong", port));

        assertThat(wrong.ok()).isFalse();
        assertThat(wrong.powerStatus()).isEmpty();
        assertThat(wrong.output()).isNotBlank().doesNotContain("wrong");
        assertThat(Files.exists(dir.resolve("power"))).isFalse();
    }

    @Test
    void anUnreachableBmcFailsWithoutAStatus() throws Exception {
        FenceOutcome unreachable = runner.run(call("status", "s3cret", freeUdpPort()));

        assertThat(unreachable.ok()).isFalse();
        assertThat(unreachable.powerStatus()).isEmpty();
        assertThat(unreachable.output()).isNotBlank();
    }

    @Test
    void thePasswordGoesOnStandardInputOnly() {
        assertThat(FenceAgentRunner.stdin(call("status", "s3cret", 623))).contains("password=s3cret", "lanplus=1", "cipher=3",
                "action=status");
        assertThat(call("status", "s3cret", 623).toString()).doesNotContain("s3cret");
    }
}
