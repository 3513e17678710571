package dev.flotilla.manager.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.scheduling.SchedulingPolicy;
import dev.flotilla.manager.scheduling.SchedulingPolicyService;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The scheduling policies page over real HTTP: built-in ones listed, a custom one created, edited, refused and deleted. */
@ManagerTest
class SchedulingPoliciesConsoleTest {

    @LocalServerPort
    int port;
    @Autowired
    SchedulingPolicyService policies;

    @Test
    void aCustomPolicyIsCreatedEditedAndDeleted() throws Exception {
        ConsoleBrowser browser = new ConsoleBrowser(port).signedIn();
        String name = "web-pol-" + Long.toHexString(System.nanoTime());
        String page = browser.get("/schedulingpolicies").body();
        assertThat(page).contains("id=\"policy-row-none\"", "id=\"policy-row-power_saving\"", "id=\"unit-Memory\"", "nav-schedulingpolicies");

        HttpResponse<String> created = browser.post("/schedulingpolicies", page, "name", name, "description", "packs",
                "filters", "Memory", "filters", "CPU", "weight.PowerSavingCPU", "3", "weight.EvenDistributionCPU", "",
                "balancer", "OptimalForPowerSaving", "param.HighUtilization", "75", "param.LowUtilization", "");
        assertThat(created.body()).contains("Scheduling policy " + name + " was created", "id=\"policy-row-" + name + "\"");
        SchedulingPolicy p = policies.get(name);
        assertThat(p.filters()).containsExactly("Memory", "CPU");
        assertThat(p.scorers()).containsExactly(new SchedulingPolicy.WeightedScorer("PowerSavingCPU", 3));
        assertThat(p.balancer()).isEqualTo("OptimalForPowerSaving");
        assertThat(p.parameters()).isEqualTo(Map.of("HighUtilization", 75));

        HttpResponse<String> refused = browser.post("/schedulingpolicies/" + name, created.body(), "version", String.valueOf(p.version()),
                "filters", "Memory", "weight.PowerSavingCPU", "500", "balancer", "", "param.HighUtilization", "75");
        assertThat(refused.body()).contains("id=\"policy-error-" + name + "\"", "must be between 1 and");
        assertThat(policies.get(name).balancer()).isEqualTo("OptimalForPowerSaving");

        HttpResponse<String> edited = browser.post("/schedulingpolicies/" + name, refused.body(), "version", String.valueOf(p.version()),
                "description", "spreads", "filters", "Memory", "weight.EvenDistributionCPU", "2", "balancer", "");
        assertThat(edited.body()).contains("Scheduling policy " + name + " was updated");
        SchedulingPolicy after = policies.get(name);
        assertThat(after.balancer()).isNull();
        assertThat(after.scorers()).containsExactly(new SchedulingPolicy.WeightedScorer("EvenDistributionCPU", 2));
        assertThat(after.parameters()).isEmpty();

        HttpResponse<String> builtIn = browser.post("/schedulingpolicies/none/delete", edited.body());
        assertThat(builtIn.statusCode()).isEqualTo(200);
        assertThat(builtIn.body()).doesNotContain("Exception");
        assertThat(policies.list().stream().map(SchedulingPolicy::name).toList()).contains("none");

        HttpResponse<String> deleted = browser.post("/schedulingpolicies/" + name + "/delete", edited.body());
        assertThat(deleted.body()).contains("Scheduling policy " + name + " was deleted");
        assertThatThrownBy(() -> policies.get(name)).isInstanceOf(NotFoundException.class);
    }
}
