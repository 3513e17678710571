package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.cli.FakeManager.CliResult;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every command shares: global options, login, and how failures are reported. */
class FlotillaCliTest {

    static final String EMPTY = "{\"items\":[],\"total\":0}";

    @Test
    void unreachableManagerIsSaidPlainly() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // free once closed: nothing listens there
        }
        String url = "http://127.0.0.1:" + port;

        CliResult result = FakeManager.run(new FlotillaCli(), "vm", "list", "--url", url, "--password", "x");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: cannot reach the manager at " + url + ": ");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void refusedLoginNamesTheUser() throws Exception {
        try (FakeManager manager = new FakeManager()) {
            manager.problem("GET /api/v1/hosts", 401, "{\"title\":\"Unauthorized\",\"status\":401}");

            CliResult result = manager.cli("host", "list");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).isEqualTo("error: login failed for admin@internal\n");
        }
    }

    @Test
    void answerThatIsNotProblemJsonStillGivesAMessage() throws Exception {
        try (FakeManager manager = new FakeManager()) {
            manager.on("GET /api/v1/events", 502, "<html>bad gateway</html>");

            CliResult result = manager.cli("event", "list");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).isEqualTo("error: the manager answered HTTP 502\n");
        }
    }

    @Test
    void globalOptionsWorkBeforeTheVerb() throws Exception {
        try (FakeManager manager = new FakeManager()) {
            manager.on("GET /api/v1/clusters", 200, EMPTY);

            CliResult result = FakeManager.run(new FlotillaCli(), "--url", manager.url(), "--password", "pw",
                    "-o", "json", "cluster", "list");

            assertThat(result.exitCode()).isZero();
            assertThat(result.out()).contains("\"total\" : 0");
        }
    }

    @Test
    void passwordComesFromTheFileUpWrote(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("admin-password");
        Files.writeString(file, "generated-pw\n");
        try (FakeManager manager = new FakeManager()) {
            manager.on("GET /api/v1/datacenters", 200, EMPTY);

            CliResult result = FakeManager.run(new FlotillaCli(file), "datacenter", "list", "--url", manager.url());

            assertThat(result.exitCode()).isZero();
            assertThat(manager.requests().get(0).authorization()).isEqualTo("Basic " + Base64.getEncoder()
                    .encodeToString("admin@internal:generated-pw".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void usageErrorsExitWithTwo() {
        CliResult result = FakeManager.run(new FlotillaCli(), "vm", "create", "--cpus", "2");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required option: '--name=NAME'");
    }

    @Test
    void helpWorksOnEveryVerb() {
        CliResult result = FakeManager.run(new FlotillaCli(), "vm", "start", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: flotilla vm start");
    }
}
