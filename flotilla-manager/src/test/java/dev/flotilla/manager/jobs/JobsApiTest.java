package dev.flotilla.manager.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.manager.events.ObjectRef;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Jobs through their small Java API and the REST API, against the real database; and the rule for a dead manager's jobs. */
@ManagerTest
class JobsApiTest {

    @LocalServerPort
    int port;
    @Autowired
    Jobs jobs;
    @Autowired
    JdbcClient jdbc;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port, "admin@internal", "test-pass");
    }

    @Test
    void aJobsStepsProgressAndEndAreServed() {
        UUID vm = UUID.randomUUID();
        UUID disk = UUID.randomUUID();
        JobHandle job = jobs.start("Copy disk d1", ObjectRef.vm(vm, "web1"), ObjectRef.disk(disk, "d1"));
        job.step("copying d1");
        job.progress(41.7);
        JsonNode running = api.get("/jobs/" + job.id()).body();
        assertThat(running.path("status").asText()).isEqualTo("running");
        assertThat(running.path("progress").asInt()).isEqualTo(41);
        assertThat(running.path("objects").get(0).path("name").asText()).isEqualTo("web1");
        assertThat(running.path("objects").get(1).path("type").asText()).isEqualTo("disk");
        assertThat(running.path("steps").get(0).path("status").asText()).isEqualTo("running");

        job.step("recording the copy");
        job.finish();
        job.fail("too late: the job ended");   // ignored: a job ends once
        JsonNode done = api.get("/jobs/" + job.id()).body();
        assertThat(done.path("status").asText()).isEqualTo("finished");
        assertThat(done.path("progress").asInt()).isEqualTo(100);
        assertThat(done.path("reason").asText()).isEmpty();
        assertThat(done.path("endedAt").isNull()).isFalse();
        assertThat(done.path("steps")).hasSize(2);
        assertThat(done.path("steps").get(0).path("status").asText()).isEqualTo("finished");
        assertThat(done.path("owner").asText()).isEqualTo("system");

        JsonNode ofDisk = api.get("/jobs?objectId=" + disk).body();
        assertThat(ofDisk.path("total").asInt()).isEqualTo(1);
        assertThat(ofDisk.path("items").get(0).path("id").asText()).isEqualTo(job.id().toString());
        assertThat(api.get("/jobs?status=finished&objectId=" + vm).body().path("total").asInt()).isEqualTo(1);
        assertThat(api.get("/jobs?status=running&objectId=" + vm).body().path("total").asInt()).isZero();
    }

    @Test
    void aFailedJobKeepsItsReasonAndFailedStep() {
        JobHandle job = jobs.start("Merge snapshot s1", ObjectRef.vm(UUID.randomUUID(), "db1"));
        job.step("block-commit");
        job.fail("QEMU: block job aborted");
        JsonNode failed = api.get("/jobs/" + job.id()).body();
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("reason").asText()).isEqualTo("QEMU: block job aborted");
        assertThat(failed.path("steps").get(0).path("status").asText()).isEqualTo("failed");
    }

    @Test
    void badInputAndUnknownJobs() {
        ApiClient.Response bad = api.get("/jobs?status=sleeping");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().toString()).contains("status");
        assertThat(api.get("/jobs/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void runningJobsOfAManagerThatStoppedAreFailedWithTheReason() {
        UUID orphan = UUID.randomUUID();
        jdbc.sql("insert into job(id, description, status, owner, manager_run) values (:id, 'Clone VM x', 'running', 'admin@internal', :run)")
                .param("id", orphan).param("run", UUID.randomUUID()).update();
        JobHandle mine = jobs.start("a job of this manager");

        jobs.failOrphans();

        JsonNode failed = api.get("/jobs/" + orphan).body();
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("reason").asText()).contains("manager stopped");
        assertThat(api.get("/jobs/" + mine.id()).body().path("status").asText()).isEqualTo("running");
        mine.finish();
    }
}
