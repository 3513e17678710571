package dev.flotilla.cli.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.cli.FakeManager;
import dev.flotilla.cli.FakeManager.CliResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console verb's own behaviour; the VNC relay itself is tested end to end in flotilla-it's ConsoleBrowserTest. */
class VmConsoleTest {

    private static final String WEB = VmCommandTest.WEB;
    private FakeManager manager;

    @BeforeEach
    void start() throws Exception {
        manager = new FakeManager();
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    @Test
    void printUrlNamesTheConsolePageOfTheVm() {
        CliResult result = manager.cli("vm", "console", WEB, "--print-url");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(manager.url() + "/vms/" + WEB + "/console\n");
    }

    @Test
    void aVmWithoutAScreenFailsAtOnceWithTheManagersReason() {
        manager.problem("POST /api/v1/vms/" + WEB + "/console", 409, """
                {"type":"about:blank","title":"Conflict","status":409,
                 "detail":"VM web is Down: only a running or paused VM has a console; start it first"}""");

        CliResult result = manager.cli("vm", "console", WEB, "--listen", "127.0.0.1:0");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: VM web is Down: only a running or paused VM has a console; start it first\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aBadListenAddressIsRefusedBeforeAnythingIsAsked() {
        manager.on("POST /api/v1/vms/" + WEB + "/console", 201, "{\"websocketPath\":\"/console/websocket?ticket=t\"}");

        CliResult result = manager.cli("vm", "console", WEB, "--listen", "127.0.0.1:99999");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--listen: '127.0.0.1:99999' is not [HOST:]PORT");
    }
}
