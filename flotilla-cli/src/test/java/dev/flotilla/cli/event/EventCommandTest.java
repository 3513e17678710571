package dev.flotilla.cli.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.cli.FakeManager;
import dev.flotilla.cli.FakeManager.CliResult;
import org.junit.jupiter.api.Test;

class EventCommandTest {

    @Test
    void listFiltersByObjectAndShowsTheLog() throws Exception {
        try (FakeManager manager = new FakeManager()) {
            manager.on("GET /api/v1/events", 200, """
                    {"items":[{"id":"e2","time":"2025-01-02T03:04:05.123456Z","severity":"NORMAL","objectType":"VM",
                               "objectId":"v1","objectName":"web","user":"admin@internal","message":"VM web started"},
                              {"id":"e1","time":"2025-01-02T03:00:00Z","severity":"WARNING","objectType":"VM",
                               "objectId":"v1","objectName":"web","user":null,"message":"VM web is not responding"}],
                     "total":2}""");

            CliResult result = manager.cli("event", "list", "--object", "v1", "--size", "2");

            assertThat(result.exitCode()).isZero();
            assertThat(manager.calls()).containsExactly("GET /api/v1/events?objectId=v1&size=2");
            assertThat(result.outLines()).containsExactly(
                    "TIME                   SEVERITY   OBJECT   USER             MESSAGE",
                    "2025-01-02T03:04:05Z   NORMAL     web      admin@internal   VM web started",
                    "2025-01-02T03:00:00Z   WARNING    web      -                VM web is not responding");
        }
    }

    @Test
    void morePagesAreMentionedOnStderr() throws Exception {
        try (FakeManager manager = new FakeManager()) {
            manager.on("GET /api/v1/events", 200, """
                    {"items":[{"id":"e1","time":"2025-01-02T03:00:00Z","severity":"NORMAL","objectName":"web",
                               "user":"admin@internal","message":"m"}],"total":120}""");

            CliResult result = manager.cli("event", "list", "--size", "1");

            assertThat(result.outLines()).hasSize(2);
            assertThat(result.err()).contains("1 of 120 shown");
        }
    }
}
