package dev.flotilla.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.cli.FakeManager;
import dev.flotilla.cli.FakeManager.CliResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PowerManagementCommandTest {

    static final String H1 = HostCommandTest.H1;
    static final String LOOKUP = "GET /api/v1/hosts?name=node1";
    static final String FOUND = "{\"items\":[" + HostCommandTest.H1_JSON + "],\"total\":1}";
    static final String PM = """
            {"hostId":"%s","enabled":true,"agentType":"ipmilan","address":"10.0.0.50","port":623,"username":"admin",
             "passwordSet":true,"lanplus":true,"cipher":"3","options":"","proxyPreference":["cluster","dc"]}""".formatted(H1);

    FakeManager manager;
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        manager = new FakeManager();
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    @Test
    void setSendsThePasswordFromItsFileAndShowsItOnlyAsSet(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("bmc");
        Files.writeString(secret, "bmc-s3cret\n");
        manager.on(LOOKUP, 200, FOUND).on("PUT /api/v1/hosts/" + H1 + "/powermanagement", 200, PM);

        CliResult result = manager.cli("host", "power-management", "set", "node1", "--address", "10.0.0.50", "--username", "admin",
                "--bmc-password-file", secret.toString(), "--proxy", "cluster,dc");

        assertThat(result.exitCode()).as(result.err()).isZero();
        var body = json.readTree(manager.requests().get(1).body());
        assertThat(body.path("password").asText()).isEqualTo("bmc-s3cret");
        assertThat(body.path("lanplus").asBoolean()).isTrue();
        assertThat(body.path("proxyPreference").toString()).isEqualTo("[\"cluster\",\"dc\"]");
        assertThat(result.out()).contains("Password:", "set").doesNotContain("bmc-s3cret");
    }

    @Test
    void policyControlIsSentOnlyWhenAskedAndShownWithTheLastTest() throws Exception {
        String shown = PM.replace("}", ",\"policyControl\":false,\"lastTestOk\":false,\"lastTestAt\":\"2026-11-27T21:00:00Z\","
                + "\"lastTestMessage\":\"Connection timed out\"}");
        manager.on(LOOKUP, 200, FOUND).on("PUT /api/v1/hosts/" + H1 + "/powermanagement", 200, shown);

        CliResult result = manager.cli("host", "power-management", "set", "node1", "--address", "10.0.0.50", "--username", "admin",
                "--no-policy-control");
        CliResult kept = manager.cli("host", "power-management", "set", "node1", "--address", "10.0.0.50", "--username", "admin");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(json.readTree(manager.requests().get(1).body()).path("policyControl").asBoolean(true)).isFalse();
        assertThat(json.readTree(manager.requests().get(3).body()).hasNonNull("policyControl")).isFalse(); // the stored choice is kept
        assertThat(kept.exitCode()).isZero();
        assertThat(result.out()).contains("Policy control:", "no", "Last test:", "FAILED", "Connection timed out");
    }

    @Test
    void fenceSaysWhatTheBmcSaidAndFailsWhenTheFenceFailed() {
        manager.on(LOOKUP, 200, FOUND).on("POST /api/v1/hosts/" + H1 + "/fence", 200, """
                {"hostId":"%s","action":"status","ok":false,"powerStatus":"","message":"Connection timed out","proxy":"node2","hostStatus":"Up"}"""
                .formatted(H1));

        CliResult result = manager.cli("host", "fence", "node1", "status");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("status FAILED", "Connection timed out", "node2");
        assertThat(manager.requests().get(1).body()).contains("\"action\":\"status\"");
    }
}
