package dev.flotilla.manager.migration;

import static dev.flotilla.manager.migration.BalancingApiTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.manager.storage.AnsweringHost;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.VmRunState;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A manager that restarts in the middle of a migration: the VM's row says MigratingFrom since
 * before this process started, no runner follows it, and the two hosts' heartbeats settle it —
 * Up on the target when the target runs the guest, Up on the source when the target has nothing,
 * and left alone while the target still waits for the stream; a copy the target starts afterwards
 * for the migration settled on its source is stopped.
 */
@ManagerTest
class OrphanedMigrationsApiTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;
    /** Reads the orphans once when the process is ready; these tests plant theirs later, then ask it to read again. */
    @Autowired
    OrphanedMigrations orphans;

    @Test
    void theHostsReportsSettleAMigrationThatBeganBeforeTheManagerStarted() throws Exception {
        ApiClient api = new ApiClient(port, "admin@internal", "test-pass");
        try (AnsweringHost source = new AnsweringHost(context, api, "orph-src"); AnsweringHost target = new AnsweringHost(context, api, "orph-dst")) {
            String completed = upOn(api, source, "orph-done");
            String failed = upOn(api, source, "orph-failed");

            // an earlier manager process marked both migrating to the target an hour ago, and died;
            // the target waits for the stream of one of them; then this process finds them (as it
            // does when it is ready), after the target has reported the waiting copy
            migratingSinceAnHourAgo(completed, target.id);
            migratingSinceAnHourAgo(failed, target.id);
            target.reports(completed, VmRunState.STARTING);
            Thread.sleep(1_500);
            orphans.findOrphans();
            Thread.sleep(3_000);                                // both hosts have reported at least twice
            assertThat(api.get("/vms/" + completed).text("status")).isEqualTo("MigratingFrom");

            // the stream came and the guest runs on the target; the source's QEMU quit
            source.forgets(completed);
            target.reports(completed, VmRunState.RUNNING);
            eventually("the completed migration ends Up on the target", Duration.ofSeconds(20),
                    () -> "Up".equals(api.get("/vms/" + completed).text("status")), () -> api.get("/vms/" + completed).body().toString());
            assertThat(api.get("/vms/" + completed).text("hostId")).isEqualTo(target.id);
            assertThat(messages(api, completed)).anySatisfy(m -> assertThat(m)
                    .contains("is Up on host orph-dst", "completed while the manager was restarting"));

            // the target never had the other one: it stayed on its source
            eventually("the failed migration ends Up on the source", Duration.ofSeconds(20),
                    () -> "Up".equals(api.get("/vms/" + failed).text("status")), () -> api.get("/vms/" + failed).body().toString());
            assertThat(api.get("/vms/" + failed).text("hostId")).isEqualTo(source.id);
            assertThat(messages(api, failed)).anySatisfy(m -> assertThat(m)
                    .contains("stayed on host orph-src", "did not complete while the manager was restarting"));

            // the dead manager's prepare_incoming reaches the target late: a copy waiting for a stream
            // that will never come is stopped, and the VM stays Up on its source
            target.reports(failed, VmRunState.STARTING);
            eventually("the late incoming copy is stopped", Duration.ofSeconds(20),
                    () -> target.asked(Command.ActionCase.STOP_VM).stream().anyMatch(c -> c.getStopVm().getVmId().equals(failed)),
                    () -> target.commands.toString());
            eventually("the stop is an event", Duration.ofSeconds(10), () -> messages(api, failed).stream()
                    .anyMatch(m -> m.contains("Stopped the copy of VM") && m.contains("waiting for a migration on host orph-dst")), () -> "");
            assertThat(api.get("/vms/" + failed).text("status")).isEqualTo("Up");
            assertThat(api.get("/vms/" + failed).text("hostId")).isEqualTo(source.id);

            api.post("/vms/" + completed + "/stop", null);
            api.post("/vms/" + failed + "/stop", null);
        }
    }

    @Test
    void aMigrationOfThisProcessIsLeftToItsRunner() throws Exception {
        ApiClient api = new ApiClient(port, "admin@internal", "test-pass");
        try (AnsweringHost source = new AnsweringHost(context, api, "orph-own"); AnsweringHost target = new AnsweringHost(context, api, "orph-tgt")) {
            String vm = upOn(api, source, "orph-own");
            // marked migrating now (as this process's own migration is, before its first command): the
            // target has nothing yet, which must not read as "the migration failed"
            jdbc.sql("update vm set status = 'MigratingFrom', migrating_to = :t where id = :id")
                    .param("t", UUID.fromString(target.id)).param("id", UUID.fromString(vm)).update();
            orphans.findOrphans();
            Thread.sleep(3_000);
            assertThat(api.get("/vms/" + vm).text("status")).isEqualTo("MigratingFrom");
            jdbc.sql("update vm set status = 'Up', migrating_to = null where id = :id").param("id", UUID.fromString(vm)).update();
            api.post("/vms/" + vm + "/stop", null);
        }
    }

    private static String upOn(ApiClient api, AnsweringHost host, String prefix) throws Exception {
        String vm = api.post("/vms", "{\"name\": \"%s-%s\", \"memoryMiB\": 64}".formatted(prefix, Long.toHexString(System.nanoTime()))).text("id");
        assertThat(api.put("/vms/" + vm + "/pinnedhosts", "{\"hostIds\": [\"%s\"]}".formatted(host.id)).status()).isEqualTo(200);
        assertThat(api.post("/vms/" + vm + "/start", null).text("hostId")).isEqualTo(host.id);
        eventually("VM " + prefix + " is Up", Duration.ofSeconds(40), () -> "Up".equals(api.get("/vms/" + vm).text("status")), () -> "");
        return vm;
    }

    private void migratingSinceAnHourAgo(String vm, String target) {
        jdbc.sql("update vm set status = 'MigratingFrom', migrating_to = :t, status_changed_at = :at where id = :id")
                .param("t", UUID.fromString(target)).param("at", Timestamp.from(Instant.now().minus(Duration.ofHours(1))))
                .param("id", UUID.fromString(vm)).update();
    }

    private static java.util.List<String> messages(ApiClient api, String vm) {
        return api.get("/events?size=30&objectId=" + vm).body().path("items").findValuesAsString("message");
    }
}
