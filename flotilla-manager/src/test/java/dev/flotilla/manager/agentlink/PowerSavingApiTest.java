package dev.flotilla.manager.agentlink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.protocol.v1.AgentMessage;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.Heartbeat;
import dev.flotilla.protocol.v1.Hello;
import dev.flotilla.protocol.v1.ManagerMessage;
import dev.flotilla.protocol.v1.PowerFenceOutcome;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Power saving in a real manager with two fake hosts: the idle one beyond the reserve is parked
 * and powered off through the other (the fence proxy, which plays the BMC), a VM that fits only
 * there gets a 409 saying it is being powered on, and once its agent is back it is activated.
 */
@ManagerTest
class PowerSavingApiTest extends FakeHostsApiTest {

    @Test
    void anIdleHostIsPoweredOffAndPoweredOnAgainWhenAVmNeedsIt() throws Exception {
        FakeAgent proxy = link.upAgent("ps-a");
        FakeAgent idle = link.upAgent("ps-b");
        String idleId = hostId(idle);
        String cluster = api().get("/hosts/" + idleId).text("clusterId");
        AtomicBoolean bmcOn = new AtomicBoolean(true);
        List<String> actions = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread bmc = new Thread(() -> playBmc(proxy, idle, bmcOn, actions, stop));
        String vm = null;
        try {
            for (FakeAgent a : List.of(proxy, idle)) {
                assertThat(api().put("/hosts/" + hostId(a) + "/powermanagement", """
                        {"address":"10.214.0.50","port":6230,"username":"admin","password":"pw","cipher":"3"}""").status()).isEqualTo(200);
            }
            bmc.start();
            long version = api().get("/clusters/" + cluster).body().path("version").asLong();
            assertThat(api().patch("/clusters/" + cluster, """
                    {"schedulingPolicy":"power_saving","schedulingPolicyParameters":{"HostsInReserve":0,"EnableAutomaticHostPowerManagement":1},
                     "version":%d}""".formatted(version)).status()).isEqualTo(200);

            AgentLinkTest.eventually("the idle host is powered off by power saving", () -> !bmcOn.get()
                    && "Off".equals(hostView(cluster, idleId).path("state").asString()));
            var host = api().get("/hosts/" + idleId);
            assertThat(host.text("status")).isEqualTo("Maintenance");
            assertThat(host.text("statusReason")).contains("powered off by power saving");
            assertThat(actions).containsSubsequence("status", "off", "status"); // tested first, then off until the BMC said so
            assertThat(api().get("/hosts/" + hostId(proxy)).text("status")).isEqualTo("Up"); // the last Up host stays on
            assertThat(events(idleId)).anySatisfy(m -> assertThat(m).contains("was powered off by power saving"));

            vm = api().post("/vms", "{\"name\":\"ps-vm-%s\",\"memoryMiB\":256}".formatted(idle.name)).text("id");
            api().put("/vms/" + vm + "/pinnedhosts", "{\"hostIds\":[\"%s\"]}".formatted(idleId));
            var start = api().post("/vms/" + vm + "/start", null);

            assertThat(start.status()).isEqualTo(409);
            assertThat(start.body().toString()).contains("powering on host " + idle.name);
            AgentLinkTest.eventually("the BMC is told to power on", bmcOn::get);
            idle.connect(true); // what the host's boot does: its agent dials in again
            idle.send(AgentMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1).setFacts(FakeAgent.facts())).build());
            AgentLinkTest.eventually("the host powered on is activated", () -> "Up".equals(api().get("/hosts/" + idleId).text("status")));
            assertThat(events(idleId)).anySatisfy(m -> assertThat(m).contains("back from power saving"));
            assertThat(hostView(cluster, idleId).path("state").asString()).isEqualTo("On");
        } finally {
            stop.set(true);
            bmc.join();
            long now = api().get("/clusters/" + cluster).body().path("version").asLong();
            api().patch("/clusters/" + cluster, "{\"schedulingPolicy\":\"none\",\"version\":%d}".formatted(now));
            if (vm != null) {
                api().delete("/vms/" + vm);
            }
            for (FakeAgent a : List.of(proxy, idle)) {
                api().delete("/hosts/" + hostId(a) + "/powermanagement");
                a.close();
            }
        }
    }

    @Test
    void badPowerSavingParametersAreNamed() throws Exception {
        String cluster = api().get("/clusters").body().path("items").path(0).path("id").asString();
        long version = api().get("/clusters/" + cluster).body().path("version").asLong();

        var bad = api().patch("/clusters/" + cluster, """
                {"schedulingPolicy":"power_saving","schedulingPolicyParameters":{"HostsInReserve":-1,"EnableAutomaticHostPowerManagement":2},
                 "version":%d}""".formatted(version));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().toString()).contains("schedulingPolicyParameters.HostsInReserve", "schedulingPolicyParameters.EnableAutomaticHostPowerManagement");
        assertThat(api().get("/clusters/" + cluster + "/powersaving").body().path("enabled").asBoolean()).isFalse();
    }

    /** The proxy's side: heartbeats for both hosts while they are on, and the BMC's answers to fence commands for the idle host. */
    private static void playBmc(FakeAgent proxy, FakeAgent idle, AtomicBoolean on, List<String> actions, AtomicBoolean stop) {
        try {
            while (!stop.get()) {
                proxy.send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder()).build());
                if (on.get()) {
                    try {
                        idle.send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder()).build());
                    } catch (RuntimeException e) {
                        // its stream is closed while it is off
                    }
                }
                ManagerMessage m = proxy.poll(300);
                if (m == null || !m.hasCommand() || !m.getCommand().hasPowerFence()) {
                    continue;
                }
                String action = m.getCommand().getPowerFence().getAction();
                actions.add(action);
                if (action.equals("off")) {
                    on.set(false);
                    idle.close(); // the host loses power
                } else if (action.equals("on")) {
                    on.set(true);
                }
                proxy.send(AgentMessage.newBuilder().setResult(CommandResult.newBuilder().setCommandId(m.getCommand().getCommandId()).setOk(true)
                        .setPower(PowerFenceOutcome.newBuilder().setPowerStatus(on.get() ? "on" : "off"))).build());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private tools.jackson.databind.JsonNode hostView(String cluster, String hostId) {
        for (var h : api().get("/clusters/" + cluster + "/powersaving").body().path("hosts")) {
            if (h.path("hostId").asString().equals(hostId)) {
                return h;
            }
        }
        throw new AssertionError("host " + hostId + " is not in the power saving view of cluster " + cluster);
    }

    private List<String> events(String objectId) {
        return api().get("/events?objectId=" + objectId + "&size=200").body().path("items").findValuesAsString("message");
    }
}
