package dev.flotilla.agent.power;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.testlab.IpmiSim;
import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fence_ipmilan against OpenIPMI's ipmi_sim on loopback: real IPMI (lanplus, cipher 3) on the wire. */
class FenceAgentRunnerTest {

    @TempDir
    Path dir;
    private IpmiSim sim;
    private int port;
    private final FenceAgentRunner runner = FenceAgentRunner.installed();

    @BeforeEach
    void startBmc() throws Exception {
        port = freeUdpPort();
        sim = IpmiSim.start(dir, "flotilla-ha-test", "127.0.0.1", port, "admin", "s3cret", """
                #!/bin/sh
                state=%s
                op=$2; shift 2
                case $op in
                  get) for p in "$@"; do case $p in power) if [ "$(cat $state 2>/dev/null)" = 0 ]; then echo power:0; else echo power:1; fi;; boot) echo boot:default;; esac; done;;
                  set) while [ $# -ge 2 ]; do [ "$1" = power ] && echo "$2" > $state; shift 2; done;;
                  *) exit 1;;
                esac
                """.formatted(dir.resolve("power")));
        Thread.sleep(300); // ipmi_sim binds its UDP port right after reading the two files
    }

    @AfterEach
    void stopBmc() {
        if (sim != null) {
            sim.close();
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
