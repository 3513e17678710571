package dev.flotilla.manager.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Scheduling policies and units over real HTTP, and a cluster taking a policy with overrides. */
@ManagerTest
class SchedulingPolicyApiTest {

    @LocalServerPort
    int port;

    ApiClient api() {
        return new ApiClient(port, "admin@internal", "test-pass");
    }

    static String unique(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime());
    }

    @Test
    void unitsAndBuiltInPoliciesAreListed() {
        var units = api().get("/schedulingpolicyunits").body().path("items");
        assertThat(units.findValuesAsString("name")).contains("Memory", "CPU", "PinToHost", "VmAffinity", "VmToHostAffinity",
                "EvenDistributionCPU", "PowerSavingMemory", "EvenGuestDistribution", "PreferredHosts");
        assertThat(units.findValuesAsString("type")).contains("filter", "score", "balance");

        var policies = api().get("/schedulingpolicies").body().path("items");
        assertThat(policies.findValuesAsString("name")).contains("none", "evenly_distributed", "power_saving", "vm_evenly_distributed");
        var power = api().get("/schedulingpolicies/power_saving").body();
        assertThat(power.path("builtIn").asBoolean()).isTrue();
        assertThat(power.path("parameters").path("HighUtilization").asInt()).isEqualTo(80);
        assertThat(power.path("parameters").path("LowUtilization").asInt()).isEqualTo(20);
        assertThat(api().get("/schedulingpolicies/vm_evenly_distributed").body().path("parameters").path("HighVmCount").asInt()).isEqualTo(10);
    }

    @Test
    void aCustomPolicyIsValidatedCreatedUsedAndProtectedWhileInUse() {
        var bad = api().post("/schedulingpolicies", """
                {"name":"none","filters":["Memory","Nope"],"balancer":"Nope","scorers":[{"name":"PowerSavingCPU","weight":0},{"name":"Fast","weight":1}],
                 "parameters":{"HighUtilization":120,"Speed":1}}""");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("errors").findValuesAsString("field")).containsExactlyInAnyOrder("name", "filters[1]", "balancer",
                "scorers[0].weight", "scorers[1].name", "parameters.HighUtilization", "parameters.Speed");

        String name = unique("packer");
        var created = api().post("/schedulingpolicies", """
                {"name":"%s","description":"pack hard","filters":["Memory","CPU","VmAffinity"],
                 "scorers":[{"name":"PowerSavingCPU","weight":5}],"balancer":"OptimalForPowerSaving","parameters":{"HighUtilization":90}}""".formatted(name));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("builtIn").asBoolean()).isFalse();
        assertThat(created.body().path("scorers").get(0).path("weight").asInt()).isEqualTo(5);
        assertThat(created.text("balancer")).isEqualTo("OptimalForPowerSaving");

        String cluster = unique("sched");
        String dc = api().get("/datacenters").body().path("items").get(0).path("id").asString();
        var c = api().post("/clusters", """
                {"name":"%s","dataCenterId":"%s","schedulingPolicy":"%s","schedulingPolicyParameters":{"HighUtilization":85}}"""
                .formatted(cluster, dc, name));
        assertThat(c.status()).isEqualTo(201);
        assertThat(c.text("schedulingPolicy")).isEqualTo(name);
        assertThat(c.body().path("schedulingPolicyParameters").path("HighUtilization").asInt()).isEqualTo(85);

        assertThat(api().delete("/schedulingpolicies/" + name).status()).isEqualTo(409);
        var wrong = api().patch("/clusters/" + c.text("id"), """
                {"schedulingPolicy":"fastest","version":0}""");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().path("errors").get(0).path("field").asString()).isEqualTo("schedulingPolicy");
        var lowOverHigh = api().patch("/clusters/" + c.text("id"), """
                {"schedulingPolicy":"power_saving","schedulingPolicyParameters":{"LowUtilization":90},"version":0}""");
        assertThat(lowOverHigh.status()).isEqualTo(400);
        var moved = api().patch("/clusters/" + c.text("id"), """
                {"schedulingPolicy":"power_saving","version":0}""");
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.body().path("schedulingPolicyParameters").size()).isZero();

        assertThat(api().patch("/schedulingpolicies/power_saving", "{\"version\":0}").status()).isEqualTo(409);
        var renamed = api().patch("/schedulingpolicies/" + name, "{\"name\":\"%s-2\",\"version\":0}".formatted(name));
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(api().delete("/schedulingpolicies/" + name + "-2").status()).isEqualTo(204);
        assertThat(api().get("/schedulingpolicies/" + name + "-2").status()).isEqualTo(404);
        assertThat(api().delete("/clusters/" + c.text("id")).status()).isEqualTo(204);
    }
}
