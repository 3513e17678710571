package dev.flotilla.cli.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.cli.FakeManager;
import dev.flotilla.cli.FakeManager.CliResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VmHaQueueTest {

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
    void theQueueShowsPriorityAttemptsNextTryAndTheLastFailure() {
        manager.on("GET /api/v1/ha/restarts", 200, """
                {"items":[{"id":"%s","vmName":"web","priority":100,"attempts":2,"maxAttempts":10,"nextTryAt":"2026-11-27T21:00:05Z",
                  "preferredHostId":null,"reason":"its host failed","lastError":"no host in cluster prod can run VM web",
                  "queuedAt":"2026-11-27T21:00:00Z"}],"total":1}""".formatted(VmCommandTest.WEB));

        CliResult result = manager.cli("vm", "ha-queue");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("PRIORITY", "web", "100", "2/10", "its host failed", "no host in cluster prod can run VM web");
    }

    @Test
    void anEmptyQueuePrintsJustTheHeader() {
        manager.on("GET /api/v1/ha/restarts", 200, "{\"items\":[],\"total\":0}");

        CliResult result = manager.cli("vm", "ha-queue");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).hasSize(1).first().asString().contains("VM", "NEXT TRY", "LAST FAILURE");
    }
}
