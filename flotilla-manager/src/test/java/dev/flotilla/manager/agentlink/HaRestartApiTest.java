package dev.flotilla.manager.agentlink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.protocol.v1.AgentMessage;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.Heartbeat;
import dev.flotilla.protocol.v1.LeaseRenewal;
import dev.flotilla.protocol.v1.VmEvent;
import dev.flotilla.protocol.v1.VmRunState;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A highly available VM whose QEMU dies on a host that stays Up comes back (on that host first),
 * one whose guest powered itself off or that is not HA stays Down, and the restart queue lives in
 * the database (a row a previous manager run left is carried out). Protocol-level fake agents.
 */
@ManagerTest
class HaRestartApiTest extends FakeHostsApiTest {

    @Autowired
    JdbcClient jdbc;

    /** A VM pinned to the fake agent's host: the shared test database holds other tests' hosts, Up for a while after they close. */
    private String vm(FakeAgent a, String prefix, boolean ha) {
        String id = api().post("/vms", "{\"name\":\"%s-%s\",\"memoryMiB\":256,\"highlyAvailable\":%s}".formatted(prefix, a.name, ha)).text("id");
        api().put("/vms/" + id + "/pinnedhosts", "{\"hostIds\":[\"%s\"]}".formatted(hostId(a)));
        return id;
    }


    private void report(FakeAgent a, String vmId, VmRunState state, String reason) {
        a.send(AgentMessage.newBuilder().setVmEvent(VmEvent.newBuilder().setVmId(vmId).setState(state).setReason(reason)).build());
    }

    /** Sends a heartbeat and waits for its renewal: every message sent before it has been applied. */
    private void settled(FakeAgent a) throws InterruptedException {
        long seq = 1000 + (long) (Math.random() * 1_000_000);
        a.send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSequence(seq)).build());
        LeaseRenewal r;
        do {
            r = a.renewals.poll(20, TimeUnit.SECONDS);
            assertThat(r).as("the renewal of heartbeat %d", seq).isNotNull();
        } while (r.getSequence() != seq);
    }

    /** The next StartVm the manager sends this agent (other commands are answered ok). */
    private Command nextStart(FakeAgent a) throws InterruptedException {
        while (true) {
            var m = a.next();
            if (m.hasCommand() && m.getCommand().hasStartVm()) {
                return m.getCommand();
            }
        }
    }

    private boolean queued(String vmId) {
        return jdbc.sql("select count(*) from ha_restart where vm_id = :id").param("id", UUID.fromString(vmId)).query(Integer.class).single() > 0;
    }

    private java.util.List<String> events(String vmId) {
        return api().get("/events?objectId=" + vmId + "&size=100").body().path("items").findValuesAsString("message");
    }

    @Test
    void aHighlyAvailableVmWhoseQemuCrashedIsRestartedOnItsOwnHostWithAnEventSayingWhy() throws Exception {
        try (FakeAgent a = link.upAgent("ha-crash")) {
            String id = vm(a, "crash", true);
            link.startUp(a, id);

            report(a, id, VmRunState.CRASHED, "QEMU exited unexpectedly: killed by signal 9");
            Command start = nextStart(a);
            a.send(AgentMessage.newBuilder().setResult(CommandResult.newBuilder().setCommandId(start.getCommandId()).setOk(true)).build());
            report(a, id, VmRunState.RUNNING, "started");

            assertThat(start.getStartVm().getSpec().getVmId()).isEqualTo(id);
            assertThat(start.getStartVm().getSpec().getHighlyAvailable()).isTrue();
            AgentLinkTest.eventually("the restart event", () -> events(id).stream().anyMatch(m -> m.contains("restarted")));
            assertThat(events(id)).anySatisfy(m -> assertThat(m).contains("went Down unexpectedly").contains("killed by signal 9"))
                    .anySatisfy(m -> assertThat(m).contains("on the host it crashed on"));
            assertThat(queued(id)).isFalse();
        }
    }

    @Test
    void aHighlyAvailableVmWhoseGuestPoweredItselfOffStaysDown() throws Exception {
        try (FakeAgent a = link.upAgent("ha-guest-off")) {
            String ha = vm(a, "guest-off", true);
            link.startUp(a, ha);

            report(a, ha, VmRunState.STOPPED, "guest powered off");
            settled(a);

            assertThat(api().get("/vms/" + ha).text("status")).isEqualTo("Down");
            assertThat(queued(ha)).isFalse();
            assertThat(events(ha)).noneSatisfy(m -> assertThat(m).contains("unexpectedly"));
        }
    }

    @Test
    void aVmThatIsNotHighlyAvailableStaysDownAfterACrash() throws Exception {
        try (FakeAgent a = link.upAgent("ha-plain")) {
            String plain = vm(a, "plain", false);
            link.startUp(a, plain);

            report(a, plain, VmRunState.CRASHED, "QEMU exited unexpectedly");
            settled(a);

            assertThat(api().get("/vms/" + plain).text("status")).isEqualTo("Down");
            assertThat(queued(plain)).isFalse();
            assertThat(events(plain)).anySatisfy(m -> assertThat(m).contains("QEMU exited unexpectedly"))
                    .noneSatisfy(m -> assertThat(m).contains("restarted"));
        }
    }

    @Test
    void aRefusedRestartStaysQueuedInTheDatabaseWithItsAttemptAndBackOff() throws Exception {
        try (FakeAgent a = link.upAgent("ha-refused")) {
            String id = vm(a, "refused", true);
            link.startUp(a, id);

            report(a, id, VmRunState.CRASHED, "QEMU exited unexpectedly");
            Command start = nextStart(a);
            a.send(AgentMessage.newBuilder().setResult(CommandResult.newBuilder().setCommandId(start.getCommandId()).setOk(false)
                    .setErrorCode("DRIVER_FAILURE").setErrorMessage("QEMU refused to start")).build());

            AgentLinkTest.eventually("the refusal counted as attempt 1 in the table", () -> attempt(id) == 1);
            var row = jdbc.sql("select due_at > queued_at from ha_restart where vm_id = :id").param("id", UUID.fromString(id))
                    .query(Boolean.class).single();
            assertThat(row).as("the next try waits the back-off").isTrue();
            tools.jackson.databind.JsonNode entry = null;
            for (var n : api().get("/ha/restarts").body().path("items")) {
                entry = n.path("id").asString().equals(id) ? n : entry;
            }
            assertThat(entry).as("the queue's API lists the VM").isNotNull();
            assertThat(entry.path("attempts").asInt()).isEqualTo(1);
            assertThat(entry.path("maxAttempts").asInt()).isGreaterThan(1);
            assertThat(entry.path("lastError").asString()).contains("QEMU refused to start");
            assertThat(entry.path("reason").asString()).contains("QEMU exited unexpectedly");
            assertThat(entry.path("nextTryAt").asString()).isNotEmpty();
            AgentLinkTest.eventually("the warning naming the next try", () -> events(id).stream()
                    .anyMatch(m -> m.contains("could not be restarted (attempt 1 of") && m.contains("QEMU refused to start")));
            assertThat(api().get("/vms/" + id).text("status")).isEqualTo("Down");
            api().delete("/vms/" + id);
            assertThat(queued(id)).as("a deleted VM leaves the queue").isFalse();
        }
    }

    private int attempt(String vmId) {
        return jdbc.sql("select attempt from ha_restart where vm_id = :id").param("id", UUID.fromString(vmId)).query(Integer.class)
                .optional().orElse(-1);
    }

    @Test
    void aRestartQueuedByAPreviousManagerRunIsCarriedOut() throws Exception {
        try (FakeAgent a = link.upAgent("ha-resume")) {
            String id = vm(a, "resume", true);
            UUID host = UUID.fromString(hostId(a));
            // what the table holds when a manager stopped with this VM waiting: read from the database, not from memory
            jdbc.sql("insert into ha_restart (vm_id, priority, attempt, due_at, preferred_host_id, reason) values (:vm, 100, 2, :due, :h, 'before the restart')")
                    .param("vm", UUID.fromString(id)).param("due", Timestamp.from(Instant.now())).param("h", host).update();

            Command start = nextStart(a);
            a.send(AgentMessage.newBuilder().setResult(CommandResult.newBuilder().setCommandId(start.getCommandId()).setOk(true)).build());

            assertThat(start.getStartVm().getSpec().getVmId()).isEqualTo(id);
            AgentLinkTest.eventually("the restart event", () -> events(id).stream().anyMatch(m -> m.contains("restarted") && m.contains("attempt 3")));
            assertThat(queued(id)).isFalse();
        }
    }
}
