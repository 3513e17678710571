package dev.flotilla.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.cli.FakeManager;
import dev.flotilla.cli.FakeManager.CliResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobCommandTest {

    static final String JOB = "10b00000-1111-4222-8333-444455556666";
    static final String JOB_JSON = """
            {"id":"%s","description":"Delete snapshot s1 of web1","status":"failed","progress":40,"owner":"admin@internal",
             "reason":"block job aborted","startedAt":"2026-11-27T10:00:00Z","endedAt":"2026-11-27T10:00:05Z",
             "objects":[{"type":"vm","id":"0b000000-1111-4222-8333-444455556666","name":"web1"}],
             "steps":[{"number":1,"description":"merging disk d1","status":"failed","startedAt":"2026-11-27T10:00:00Z","endedAt":null}]}"""
            .formatted(JOB);

    FakeManager manager;

    @BeforeEach
    void start() throws Exception {
        manager = new FakeManager();
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    @Test
    void listPassesTheFiltersAndShowsProgressAndWhatTheJobConcerns() {
        manager.on("GET /api/v1/jobs", 200, "{\"items\":[" + JOB_JSON + "],\"total\":1}");

        CliResult result = manager.cli("job", "list", "--status", "failed");

        assertThat(result.exitCode()).isZero();
        assertThat(manager.requests().get(0).uri()).contains("status=failed");
        assertThat(result.outLines().get(1)).contains("failed", "40%", "Delete snapshot s1 of web1", "vm web1", JOB);
    }

    @Test
    void showListsTheStepsAndTheReason() {
        manager.on("GET /api/v1/jobs/" + JOB, 200, JOB_JSON);

        CliResult result = manager.cli("job", "show", JOB);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("failed (block job aborted)", "Step 1", "merging disk d1 — failed");
    }
}
