package dev.flotilla.manager.agentlink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.protocol.v1.AgentMessage;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.Heartbeat;
import dev.flotilla.protocol.v1.LeaseRenewal;
import dev.flotilla.protocol.v1.PowerFenceOutcome;
import dev.flotilla.protocol.v1.VmReport;
import dev.flotilla.protocol.v1.VmRunState;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Power management, fencing and the HA flag over the API, with protocol-level fake agents as the hosts. */
@ManagerTest
class PowerManagementApiTest extends FakeHostsApiTest {

    private static String bmc(String password) {
        return """
                {"address":"10.214.0.50","port":6230,"username":"admin","password":%s,"cipher":"3","lanplus":true,
                 "options":"privlvl=operator","proxyPreference":["cluster","dc"]}""".formatted(password == null ? "null" : "\"" + password + "\"");
    }

    @Test
    void badPowerManagementInputNamesEachFieldAndStoresNothing() throws Exception {
        try (FakeAgent a = link.upAgent("pm-bad")) {
            String id = hostId(a);

            var bad = api().put("/hosts/" + id + "/powermanagement", """
                    {"agentType":"drac","address":"bad address!","port":70000,"username":"","cipher":"99",
                     "options":"not-an-option","proxyPreference":["moon"]}""");

            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body().toString()).contains("agentType", "address", "port", "username", "password", "cipher", "options",
                    "proxyPreference");
            assertThat(api().get("/hosts/" + id + "/powermanagement").body().path("enabled").asBoolean()).isFalse();
        }
    }

    @Test
    void thePasswordIsKeptSealedAndNeverReturned() throws Exception {
        try (FakeAgent a = link.upAgent("pm-secret")) {
            String id = hostId(a);

            var saved = api().put("/hosts/" + id + "/powermanagement", bmc("bmc-s3cret"));
            var again = api().put("/hosts/" + id + "/powermanagement", bmc(null)); // an update without a password keeps it

            assertThat(saved.status()).isEqualTo(200);
            assertThat(again.status()).isEqualTo(200);
            var shown = api().get("/hosts/" + id + "/powermanagement");
            assertThat(shown.body().path("passwordSet").asBoolean()).isTrue();
            assertThat(shown.body().path("port").asInt()).isEqualTo(6230);
            assertThat(shown.body().toString()).doesNotContain("bmc-s3cret");
        }
    }

    @Test
    void aStatusTestRunsOnAnotherHostOfTheClusterAndAFailureIsAnEvent() throws Exception {
        try (FakeAgent target = link.upAgent("pm-target"); FakeAgent proxy = link.upAgent("pm-proxy")) {
            String id = hostId(target);
            api().put("/hosts/" + id + "/powermanagement", bmc("bmc-s3cret"));

            var answered = AgentLinkTest.whileAnswering(proxy, c -> CommandResult.newBuilder().setOk(true)
                    .setPower(PowerFenceOutcome.newBuilder().setPowerStatus("on").setOutput("Status: ON")),
                    () -> api().post("/hosts/" + id + "/powermanagement/test", null));

            assertThat(answered.command().getPowerFence().getAction()).isEqualTo("status");
            assertThat(answered.command().getPowerFence().getPassword()).isEqualTo("bmc-s3cret");
            assertThat(answered.command().getPowerFence().getCipher()).isEqualTo("3");
            assertThat(answered.result().body().path("powerStatus").asString()).isEqualTo("on");
            assertThat(answered.result().body().path("proxy").asString()).isEqualTo(proxy.name);

            var failed = AgentLinkTest.whileAnswering(proxy, c -> CommandResult.newBuilder().setOk(false).setErrorCode("FENCE_FAILED")
                    .setErrorMessage("Failed: Unable to obtain correct plug status or plug is not available"),
                    () -> api().post("/hosts/" + id + "/fence", "{\"action\":\"status\"}"));
            assertThat(failed.result().body().path("ok").asBoolean()).isFalse();
            assertThat(api().get("/events?objectId=" + id).body().toString()).contains("Unable to obtain correct plug status");
        }
    }

    @Test
    void fenceRefusesWhatCouldHurt() throws Exception {
        try (FakeAgent a = link.upAgent("pm-refuse")) {
            String id = hostId(a);

            assertThat(api().post("/hosts/" + id + "/fence", "{\"action\":\"explode\"}").status()).isEqualTo(400);
            assertThat(api().post("/hosts/" + id + "/fence", "{\"action\":\"restart\"}").status()).isEqualTo(409); // no power management
            var manual = api().post("/hosts/" + id + "/fence", "{\"action\":\"manual\"}");
            assertThat(manual.status()).isEqualTo(409); // an Up host is not confirmed off
            assertThat(manual.body().toString()).contains("NonResponsive");
        }
    }

    @Test
    void everyHeartbeatRenewsTheLeaseNamingTheHostsHighlyAvailableVms() throws Exception {
        try (FakeAgent a = link.upAgent("lease")) {
            String ha = api().post("/vms", "{\"name\":\"ha-%s\",\"memoryMiB\":256,\"highlyAvailable\":true}".formatted(a.name)).text("id");
            link.startUp(a, ha);
            var set = api().put("/vms/" + ha + "/highavailability", "{\"enabled\":true,\"priority\":100}");
            assertThat(set.body().path("priority").asInt()).isEqualTo(100);
            assertThat(api().put("/vms/" + ha + "/highavailability", "{\"priority\":101}").status()).isEqualTo(400);

            a.renewals.clear();
            a.send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSequence(77)
                    .addVms(VmReport.newBuilder().setVmId(ha).setState(VmRunState.RUNNING))).build());
            LeaseRenewal renewal;
            do {
                renewal = a.renewals.poll(20, TimeUnit.SECONDS);
                assertThat(renewal).as("a renewal for heartbeat 77").isNotNull();
            } while (renewal.getSequence() != 77);

            assertThat(renewal.getLeaseMs()).isPositive();
            assertThat(renewal.getHaVmIdsList()).containsExactly(ha);
        }
    }
}
