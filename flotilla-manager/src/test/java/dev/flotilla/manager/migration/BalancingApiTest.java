package dev.flotilla.manager.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.manager.storage.AnsweringHost;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.MigrationOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * The balancing loop end to end in a real manager (loop every 2 s in tests): a host whose
 * heartbeats report 95% CPU for longer than the policy's CpuOverCommitDurationMinutes (1) gives a
 * VM to the idle host through the same migration path as a manual one, and the event log says why.
 */
@ManagerTest
class BalancingApiTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @Test
    void aHostOverHighUtilizationForLongerThanTheDurationGivesAVmToTheIdleHost() throws Exception {
        ApiClient api = new ApiClient(port, "admin@internal", "test-pass");
        try (AnsweringHost hot = new AnsweringHost(context, api, "bal-hot"); AnsweringHost cool = new AnsweringHost(context, api, "bal-cool")) {
            // the target listens, the source's QEMU reports its figures, as agents do
            java.util.function.Function<Command, CommandResult.Builder> answer = c -> c.hasPrepareIncoming()
                    ? CommandResult.newBuilder().setOk(true).setIncomingPort(49152)
                    : c.hasMigrateVm() ? CommandResult.newBuilder().setOk(true)
                            .setMigration(MigrationOutcome.newBuilder().setDowntimeMs(5).setTotalTimeMs(300))
                    : CommandResult.newBuilder().setOk(true);
            hot.answer = answer;
            cool.answer = answer;
            hot.cpuPercent = 95;
            String vm = api.post("/vms", "{\"name\": \"busy-%s\", \"memoryMiB\": 64}".formatted(Long.toHexString(System.nanoTime()))).text("id");
            // start it on the hot host, then let it go anywhere
            assertThat(api.put("/vms/" + vm + "/pinnedhosts", "{\"hostIds\": [\"%s\"]}".formatted(hot.id)).status()).isEqualTo(200);
            assertThat(api.post("/vms/" + vm + "/start", null).text("hostId")).isEqualTo(hot.id);
            eventually("the VM is Up", Duration.ofSeconds(40), () -> "Up".equals(api.get("/vms/" + vm).text("status")), () -> "");
            assertThat(api.put("/vms/" + vm + "/pinnedhosts", "{\"hostIds\": []}").status()).isEqualTo(200);
            String cluster = api.get("/vms/" + vm).text("clusterId");
            long version = api.get("/clusters/" + cluster).body().path("version").asLong();
            var balanced = api.patch("/clusters/" + cluster, """
                    {"schedulingPolicy": "evenly_distributed", "schedulingPolicyParameters": {"CpuOverCommitDurationMinutes": 1}, "version": %d}"""
                    .formatted(version));
            assertThat(balanced.status()).as(balanced.body().toString()).isEqualTo(200);
            try {
                eventually("the loop moves the VM to the idle host", Duration.ofMinutes(3),
                        () -> cool.id.equals(api.get("/vms/" + vm).text("hostId")) && "Up".equals(api.get("/vms/" + vm).text("status")),
                        () -> "VM: " + api.get("/vms/" + vm).body() + "\nevents: " + api.get("/events?size=30").body().path("items")
                                .findValuesAsString("message") + "\nhot: " + api.get("/hosts/" + hot.id).body());
            } finally {
                long now = api.get("/clusters/" + cluster).body().path("version").asLong();
                api.patch("/clusters/" + cluster, "{\"schedulingPolicy\": \"none\", \"version\": %d}".formatted(now));
            }
            assertThat(hot.asked(Command.ActionCase.MIGRATE_VM)).hasSize(1);
            assertThat(cool.asked(Command.ActionCase.PREPARE_INCOMING)).hasSize(1);
            assertThat(api.get("/events?size=50&objectId=" + vm).body().path("items").findValuesAsString("message"))
                    .anySatisfy(m -> assertThat(m).startsWith("Balancing (").contains("bal-hot", "over 80%", "moving VM"))
                    .anySatisfy(m -> assertThat(m).contains("migrated from host bal-hot"));
            // the migration was a job too: its two steps, finished at 100%
            eventually("the migration's job to finish", Duration.ofSeconds(20), () -> api.get("/jobs?objectId=" + vm).body().path("items")
                    .findValuesAsString("status").contains("finished"), () -> api.get("/jobs?objectId=" + vm).body().toString());
            var job = api.get("/jobs?objectId=" + vm).body().path("items").path(0);
            assertThat(job.path("description").asString()).startsWith("Migrating VM busy-").contains("from host bal-hot", "to host bal-cool");
            assertThat(job.path("progress").asInt()).isEqualTo(100);
            assertThat(job.path("steps").findValuesAsString("description"))
                    .anySatisfy(d -> assertThat(d).startsWith("preparing the incoming VM on host bal-cool"))
                    .anySatisfy(d -> assertThat(d).startsWith("migrating memory from host bal-hot"));
            api.post("/vms/" + vm + "/stop", null);
        }
    }

    static void eventually(String what, Duration limit, BooleanSupplier condition, java.util.function.Supplier<String> state)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what + "\n" + state.get());
            }
            Thread.sleep(250);
        }
    }
}
