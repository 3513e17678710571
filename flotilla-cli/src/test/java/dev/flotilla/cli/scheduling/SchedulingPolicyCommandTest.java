package dev.flotilla.cli.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.cli.FakeManager;
import dev.flotilla.cli.FakeManager.CliResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchedulingPolicyCommandTest {

    private static final String CUSTOM = """
            {"id":"6f1c2d3e-0000-4000-8000-0000000000e1","name":"tight","description":"packs","builtIn":false,"filters":["Memory","CPU"],
             "scorers":[{"name":"PowerSavingCPU","weight":3}],"balancer":"PowerSaving","parameters":{"HighUtilization":75},"version":4}""";

    private final ObjectMapper json = new ObjectMapper();
    private FakeManager manager;

    @BeforeEach
    void start() throws Exception {
        manager = new FakeManager();
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    @Test
    void listAndUnits() {
        manager.on("GET /api/v1/schedulingpolicies", 200, "{\"items\":[{\"name\":\"none\",\"description\":\"No load balancing\",\"builtIn\":true,"
                        + "\"filters\":[],\"scorers\":[],\"balancer\":null,\"parameters\":{},\"version\":0}," + CUSTOM + "],\"total\":2}")
                .on("GET /api/v1/schedulingpolicyunits", 200,
                        "{\"items\":[{\"name\":\"Memory\",\"type\":\"filter\",\"description\":\"room for the VM's memory\"}],\"total\":1}");

        CliResult list = manager.cli("scheduling-policy", "list");
        CliResult units = manager.cli("scheduling-policy", "units");

        assertThat(list.outLines().get(1)).contains("none", "yes", "No load balancing");
        assertThat(list.outLines().get(2)).contains("tight", "no", "PowerSaving", "HighUtilization=75");
        assertThat(units.outLines().get(1)).contains("Memory", "filter", "room for the VM's memory");
    }

    @Test
    void showPrintsUnitsWeightsAndParameters() {
        manager.on("GET /api/v1/schedulingpolicies/tight", 200, CUSTOM);

        CliResult result = manager.cli("scheduling-policy", "show", "tight");

        assertThat(result.outLines()).contains("Filters:     Memory, CPU", "Scorers:     PowerSavingCPU=3", "Balancer:    PowerSaving");
    }

    @Test
    void createSendsTheParts() throws Exception {
        manager.on("POST /api/v1/schedulingpolicies", 201, CUSTOM);

        CliResult result = manager.cli("scheduling-policy", "create", "tight", "--description", "packs", "--filter", "Memory", "--filter", "CPU",
                "--scorer", "PowerSavingCPU=3", "--balancer", "PowerSaving", "--param", "HighUtilization=75");

        assertThat(result.exitCode()).isZero();
        assertThat(json.readTree(manager.requests().get(0).body())).isEqualTo(json.readTree("""
                {"name":"tight","description":"packs","filters":["Memory","CPU"],"scorers":[{"name":"PowerSavingCPU","weight":3}],
                 "balancer":"PowerSaving","parameters":{"HighUtilization":75}}"""));
    }

    @Test
    void updateSendsOnlyWhatChangedWithTheVersion() throws Exception {
        manager.on("GET /api/v1/schedulingpolicies/tight", 200, CUSTOM).on("PATCH /api/v1/schedulingpolicies/tight", 200, CUSTOM);

        CliResult result = manager.cli("scheduling-policy", "update", "tight", "--balancer", "");

        assertThat(result.exitCode()).isZero();
        assertThat(json.readTree(manager.requests().get(1).body())).isEqualTo(json.readTree("{\"balancer\":\"\",\"version\":4}"));
    }

    @Test
    void aBuiltInPolicyCannotBeDeleted() {
        manager.problem("DELETE /api/v1/schedulingpolicies/none", 409,
                "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"none is a built-in policy and cannot be deleted\"}");

        CliResult result = manager.cli("scheduling-policy", "delete", "none");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("built-in policy");
    }

    @Test
    void aWeightThatIsNotANumberIsAUsageError() {
        CliResult result = manager.cli("scheduling-policy", "create", "x", "--scorer", "PowerSavingCPU=heavy");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(manager.calls()).isEmpty();
    }
}
