package dev.flotilla.cli.vm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.cli.FakeManager;
import dev.flotilla.cli.FakeManager.CliResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VmPinTest {

    private static final String WEB = VmCommandTest.WEB;
    private static final String HOST = VmCommandTest.HOST;
    private final ObjectMapper json = new ObjectMapper();
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
    void pinReplacesThePinsWithTheNamedHosts() throws Exception {
        manager.on("GET /api/v1/hosts?name=hv1", 200, "{\"items\":[{\"id\":\"" + HOST + "\",\"name\":\"hv1\"}],\"total\":1}")
                .on("PUT /api/v1/vms/" + WEB + "/pinnedhosts", 200, "{\"hostIds\":[\"" + HOST + "\"]}")
                .on("GET /api/v1/hosts/" + HOST, 200, "{\"id\":\"" + HOST + "\",\"name\":\"hv1\"}");

        CliResult result = manager.cli("vm", "pin", WEB, "hv1");

        assertThat(result.exitCode()).isZero();
        assertThat(json.readTree(manager.requests().get(1).body())).isEqualTo(json.readTree("{\"hostIds\":[\"" + HOST + "\"]}"));
        assertThat(result.out()).contains("is pinned to hv1.");
    }

    @Test
    void unpinSendsAnEmptyList() throws Exception {
        manager.on("PUT /api/v1/vms/" + WEB + "/pinnedhosts", 200, "{\"hostIds\":[]}");

        CliResult result = manager.cli("vm", "unpin", WEB);

        assertThat(result.exitCode()).isZero();
        assertThat(json.readTree(manager.requests().get(0).body())).isEqualTo(json.readTree("{\"hostIds\":[]}"));
        assertThat(result.out()).contains("is pinned to no host.");
    }

    @Test
    void pinWithoutHostsIsAUsageErrorAndAForeignHostIsRefused() {
        CliResult noHosts = manager.cli("vm", "pin", WEB);
        manager.on("PUT /api/v1/vms/" + WEB + "/pinnedhosts", 400, "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"the pinned hosts are not valid\","
                + "\"errors\":[{\"field\":\"hostIds[0]\",\"reason\":\"no host in the VM's cluster\"}]}");
        CliResult foreign = manager.cli("vm", "pin", WEB, HOST);

        assertThat(noHosts.exitCode()).isEqualTo(2);
        assertThat(foreign.exitCode()).isEqualTo(1);
        assertThat(foreign.err()).contains("hostIds[0]: no host in the VM's cluster");
    }
}
