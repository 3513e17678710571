package dev.flotilla.cli.vm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.cli.FakeManager;
import dev.flotilla.cli.FakeManager.CliResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VmMigrateTest {

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

    private static String migration(String state, String extra) {
        return """
                {"vmId":"%s","vmName":"web","sourceHost":"hv1","targetHost":"hv2","state":"%s"%s}""".formatted(WEB, state, extra);
    }

    @Test
    void migrateSendsOnlyWhatWasGivenAndPrintsTheMigration() throws Exception {
        manager.on("POST /api/v1/vms/" + WEB + "/migrate", 202, migration("Running", ""));

        CliResult result = manager.cli("vm", "migrate", WEB, "--to", HOST, "--max-downtime", "50", "--no-post-copy");

        assertThat(result.exitCode()).isZero();
        assertThat(json.readTree(manager.requests().get(0).body()))
                .isEqualTo(json.readTree("{\"targetHostId\":\"" + HOST + "\",\"maxDowntimeMs\":50,\"postCopy\":false}"));
        assertThat(result.outLines().get(1)).contains("web", "hv1", "hv2", "Running");
    }

    @Test
    void waitFollowsTheMigrationAndFailsWhenItWasCancelled() {
        manager.on("POST /api/v1/vms/" + WEB + "/migrate", 202, migration("Running", ""));
        manager.on("GET /api/v1/vms/" + WEB + "/migration", 200, migration("Cancelled", ",\"error\":\"it was cancelled\""));

        CliResult result = manager.cli("vm", "migrate", WEB, "--wait");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("Cancelled", "it was cancelled");
    }

    @Test
    void waitPrintsTheFiguresOfACompletedMigration() {
        manager.on("POST /api/v1/vms/" + WEB + "/migrate", 202, migration("Running", ""));
        manager.on("GET /api/v1/vms/" + WEB + "/migration", 200, migration("Completed", ",\"downtimeMs\":9,\"totalTimeMs\":812"));

        CliResult result = manager.cli("vm", "migrate", WEB, "--wait");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Completed", "9ms", "812ms");
        // the POST waits first, then one long poll, not a loop of sleeps
        assertThat(manager.calls()).containsExactly("POST /api/v1/vms/" + WEB + "/migrate?wait=30", "GET /api/v1/vms/" + WEB + "/migration?wait=30");
    }

    @Test
    void waitNeedsNoPollWhenThePostAnswersTheEnd() {
        manager.on("POST /api/v1/vms/" + WEB + "/migrate", 200, migration("Completed", ",\"downtimeMs\":7,\"totalTimeMs\":301"));

        CliResult result = manager.cli("vm", "migrate", WEB, "--wait", "--timeout", "10");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Completed", "7ms", "301ms");
        assertThat(manager.calls()).containsExactly("POST /api/v1/vms/" + WEB + "/migrate?wait=10");
    }

    @Test
    void cancelMigrationPostsToTheVm() {
        manager.on("POST /api/v1/vms/" + WEB + "/cancelmigration", 202, migration("Running", ""));

        CliResult result = manager.cli("vm", "cancel-migration", WEB);

        assertThat(result.exitCode()).isZero();
        assertThat(manager.calls()).containsExactly("POST /api/v1/vms/" + WEB + "/cancelmigration");
    }
}
