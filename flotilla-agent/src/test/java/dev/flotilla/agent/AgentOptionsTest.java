package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    static final String HASH = "ab".repeat(32);

    @Test
    void defaults() throws Exception {
        AgentOptions o = AgentOptions.parse();
        assertThat(o.stateDir()).isEqualTo(Path.of("/var/lib/flotilla-agent"));
        assertThat(o.manager().toString()).isEqualTo("localhost:9443");
        assertThat(o.driver()).isEqualTo("auto");
        assertThat(o.portRangeStart()).isEqualTo(5900);
        assertThat(o.portRangeEnd()).isEqualTo(5999);
    }

    @Test
    void everyOption() throws Exception {
        AgentOptions o = AgentOptions.parse("--name", "hv1", "--state-dir", "/tmp/a", "--manager=mgr:7443",
                "--token", "t." + HASH, "--driver", "simulated", "--accel", "tcg", "--port-range", "6000-6010",
                "--address", "10.0.0.5", "--sim-cpus", "16", "--sim-memory-mib", "65536",
                "--sim-fault-start-error", "0.25", "--sim-fault-crash-after", "1.5", "--sim-fault-slow-ms", "200");
        assertThat(o.name()).isEqualTo("hv1");
        assertThat(o.manager().port()).isEqualTo(7443);
        assertThat(o.token().caSha256()).isEqualTo(HASH);
        assertThat(o.portRangeStart()).isEqualTo(6000);
        assertThat(o.simCpus()).isEqualTo(16);
        assertThat(o.simStartError()).isEqualTo(0.25);
        assertThat(o.simCrashAfterSeconds()).isEqualTo(1.5);
        assertThat(o.simSlowMs()).isEqualTo(200);
    }

    @Test
    void badOptionsNameTheOption() {
        assertThatThrownBy(() -> AgentOptions.parse("--bogus", "1")).hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> AgentOptions.parse("--name")).hasMessageContaining("--name needs a value");
        assertThatThrownBy(() -> AgentOptions.parse("--driver", "xen")).hasMessageContaining("--driver").hasMessageContaining("xen");
        assertThatThrownBy(() -> AgentOptions.parse("--port-range", "6000")).hasMessageContaining("--port-range");
        assertThatThrownBy(() -> AgentOptions.parse("--port-range", "6010-6000")).hasMessageContaining("above");
        assertThatThrownBy(() -> AgentOptions.parse("--sim-cpus", "many")).hasMessageContaining("--sim-cpus").hasMessageContaining("'many'");
        assertThatThrownBy(() -> AgentOptions.parse("--sim-fault-start-error", "2")).hasMessageContaining("--sim-fault-start-error");
        assertThatThrownBy(() -> AgentOptions.parse("--token", "nodot")).hasMessageContaining("--token:");
        assertThatThrownBy(() -> AgentOptions.parse("--ca-hash", "xyz")).hasMessageContaining("--ca-hash:");
        assertThatThrownBy(() -> AgentOptions.parse("--token", "t." + HASH, "--ca-hash", "cd".repeat(32))).hasMessageContaining("differs");
    }

    @Test
    void autoDriverSaysWhy() {
        assertThat(AgentMain.chooseDriver("auto", false)).extracting(AgentMain.DriverChoice::driver).isEqualTo("simulated");
        assertThat(AgentMain.chooseDriver("auto", false).why()).contains("qemu-system-x86_64");
        assertThat(AgentMain.chooseDriver("auto", true).driver()).isEqualTo("qemu");
        assertThat(AgentMain.chooseDriver("simulated", true).driver()).isEqualTo("simulated");
    }
}
