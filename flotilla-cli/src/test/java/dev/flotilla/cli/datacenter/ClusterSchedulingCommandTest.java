package dev.flotilla.cli.datacenter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.cli.FakeManager;
import dev.flotilla.cli.FakeManager.CliResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cluster verbs that change the scheduler's configuration: what goes over the wire, and what is printed. */
class ClusterSchedulingCommandTest {

    static final String C1 = "6f1c2d3e-0000-4000-8000-000000000001";
    static final String DC = "6f1c2d3e-0000-4000-8000-0000000000dc";
    private static final String CLUSTER = """
            {"id":"%s","name":"prod","dataCenterId":"%s","description":"","memoryOvercommitPercent":100,"cpuOvercommitPercent":400,
             "schedulingPolicy":"evenly_distributed","schedulingPolicyParameters":{"HighUtilization":70},"cpuModel":null,"version":3,
             "resiliencePolicy":"migrate_highly_available"}"""
            .formatted(C1, DC);

    private final ObjectMapper json = new ObjectMapper();
    private FakeManager manager;

    @BeforeEach
    void start() throws Exception {
        manager = new FakeManager();
        manager.on("GET /api/v1/clusters?name=prod", 200, "{\"items\":[" + CLUSTER + "],\"total\":1}");
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    @Test
    void showPrintsThePolicyAndItsOverrides() {
        manager.on("GET /api/v1/clusters/" + C1, 200, CLUSTER);

        CliResult result = manager.cli("cluster", "show", "prod");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).contains("Scheduling policy: evenly_distributed", "Policy overrides:  HighUtilization=70",
                "CPU family:        any", "Resilience policy: migrate_highly_available");
    }

    @Test
    void powerSavingShowsWhichHostsAreOffAndWhyTheOthersStayOn() {
        manager.on("GET /api/v1/clusters/" + C1 + "/powersaving", 200, """
                {"clusterId":"%s","clusterName":"prod","policy":"power_saving","enabled":true,"hostsInReserve":1,"hosts":[
                 {"hostId":"6f1c2d3e-0000-4000-8000-0000000000a1","name":"node1","status":"Up","state":null,"since":null,"note":"runs or receives 2 VM(s)"},
                 {"hostId":"6f1c2d3e-0000-4000-8000-0000000000a2","name":"node2","status":"Maintenance","state":"Off",
                  "since":"2026-11-27T21:00:00Z","note":"powered off by power saving; powered on again when capacity is needed"}]}"""
                .formatted(C1));

        CliResult result = manager.cli("cluster", "power-saving", "prod");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("power saving is on", "beyond 1 in reserve");
        assertThat(result.out()).contains("POWER SAVING", "node2", "Off", "powered off by power saving", "node1", "runs or receives 2 VM(s)");
    }

    @Test
    void setPolicySendsThePolicyTheOverridesAndTheVersionRead() throws Exception {
        manager.on("GET /api/v1/clusters/" + C1, 200, CLUSTER).on("PATCH /api/v1/clusters/" + C1, 200, CLUSTER);

        CliResult result = manager.cli("cluster", "set-policy", "prod", "power_saving", "--param", "LowUtilization=10",
                "--param", "HighUtilization=75");

        assertThat(result.exitCode()).isZero();
        assertThat(manager.calls()).last().isEqualTo("PATCH /api/v1/clusters/" + C1);
        assertThat(json.readTree(manager.requests().get(2).body())).isEqualTo(json.readTree(
                "{\"schedulingPolicy\":\"power_saving\",\"schedulingPolicyParameters\":{\"LowUtilization\":10,\"HighUtilization\":75},\"version\":3}"));
    }

    @Test
    void aRefusedParameterPrintsTheFieldAndFails() {
        manager.on("GET /api/v1/clusters/" + C1, 200, CLUSTER).problem("PATCH /api/v1/clusters/" + C1, 400, """
                {"title":"Bad Request","status":400,"detail":"the cluster's scheduling settings are not valid",
                 "errors":[{"field":"schedulingPolicyParameters.HighUtilization","reason":"must be between 50 and 100"}]}""");

        CliResult result = manager.cli("cluster", "set-policy", "prod", "power_saving", "--param", "HighUtilization=500");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("not valid", "schedulingPolicyParameters.HighUtilization: must be between 50 and 100");
    }

    @Test
    void aParameterThatIsNotANumberIsRefusedBeforeAnyCall() {
        CliResult result = manager.cli("cluster", "set-policy", "prod", "power_saving", "--param", "HighUtilization=lots");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'lots' is not an int");
        assertThat(manager.calls()).isEmpty();
    }

    @Test
    void createResolvesTheDataCenterAndSendsOnlyWhatWasGiven() throws Exception {
        manager.on("GET /api/v1/datacenters?name=Default", 200, "{\"items\":[{\"id\":\"" + DC + "\",\"name\":\"Default\"}],\"total\":1}")
                .on("POST /api/v1/clusters", 201, CLUSTER);

        CliResult result = manager.cli("cluster", "create", "prod", "--data-center", "Default", "--policy", "evenly_distributed",
                "--param", "HighUtilization=70", "--memory-overcommit", "150");

        assertThat(result.exitCode()).isZero();
        assertThat(json.readTree(manager.requests().get(1).body())).isEqualTo(json.readTree("""
                {"name":"prod","dataCenterId":"%s","schedulingPolicy":"evenly_distributed","schedulingPolicyParameters":{"HighUtilization":70},
                 "memoryOvercommitPercent":150}""".formatted(DC)));
    }

    @Test
    void updateAndDeleteAddressTheResolvedCluster() throws Exception {
        manager.on("GET /api/v1/clusters/" + C1, 200, CLUSTER).on("PATCH /api/v1/clusters/" + C1, 200, CLUSTER)
                .on("GET /api/v1/clusters?name=prod", 200, "{\"items\":[" + CLUSTER + "],\"total\":1}")
                .on("DELETE /api/v1/clusters/" + C1, 204, null);

        CliResult updated = manager.cli("cluster", "update", "prod", "--cpu-model", "", "--name", "prod2",
                "--resilience-policy", "do_not_migrate");
        CliResult deleted = manager.cli("cluster", "delete", "prod");

        assertThat(updated.exitCode()).isZero();
        assertThat(json.readTree(manager.requests().get(2).body())).isEqualTo(json.readTree("{\"name\":\"prod2\",\"cpuModel\":\"\",\"resiliencePolicy\":\"do_not_migrate\",\"version\":3}"));
        assertThat(deleted.exitCode()).isZero();
        assertThat(deleted.out()).contains("Cluster prod was deleted.");
        assertThat(manager.calls()).last().isEqualTo("DELETE /api/v1/clusters/" + C1);
    }

    @Test
    void migrationDefaultsWithoutOptionsShowOwnAndEffective() {
        manager.on("GET /api/v1/clusters/" + C1 + "/migrationdefaults", 200, """
                {"clusterId":"%s","clusterName":"prod","own":{"maxDowntimeMs":50,"bandwidthMiBps":null,"autoConverge":null,"postCopy":false},
                 "effective":{"maxDowntimeMs":50,"bandwidthMiBps":0,"autoConverge":true,"postCopy":false}}""".formatted(C1));

        CliResult result = manager.cli("cluster", "migration-defaults", "prod");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).contains("Maximum downtime: 50 ms (in force: 50 ms)", "Bandwidth:        manager's (in force: unlimited)",
                "Auto-converge:    manager's (in force: on)");
        assertThat(manager.calls()).noneMatch(c -> c.startsWith("PUT"));
    }

    @Test
    void migrationDefaultsOptionsMergeOverTheOwnSettingsAndResetDropsThem() throws Exception {
        String view = """
                {"clusterId":"%s","clusterName":"prod","own":{"maxDowntimeMs":50,"bandwidthMiBps":null,"autoConverge":null,"postCopy":false},
                 "effective":{"maxDowntimeMs":50,"bandwidthMiBps":0,"autoConverge":true,"postCopy":false}}""".formatted(C1);
        String path = "/api/v1/clusters/" + C1 + "/migrationdefaults";
        manager.on("GET " + path, 200, view).on("PUT " + path, 200, view)
                .on("GET /api/v1/clusters?name=prod", 200, "{\"items\":[" + CLUSTER + "],\"total\":1}")
                .on("GET " + path, 200, view).on("PUT " + path, 200, view);

        CliResult merged = manager.cli("cluster", "migration-defaults", "prod", "--bandwidth", "500", "--auto-converge");
        CliResult reset = manager.cli("cluster", "migration-defaults", "prod", "--reset", "--max-downtime", "30");

        assertThat(merged.exitCode()).isZero();
        assertThat(json.readTree(manager.requests().get(2).body())).isEqualTo(json.readTree(
                "{\"maxDowntimeMs\":50,\"bandwidthMiBps\":500,\"autoConverge\":true,\"postCopy\":false}"));
        assertThat(reset.exitCode()).isZero();
        assertThat(json.readTree(manager.requests().get(5).body())).isEqualTo(json.readTree(
                "{\"maxDowntimeMs\":30,\"bandwidthMiBps\":null,\"autoConverge\":null,\"postCopy\":null}"));
    }

    @Test
    void aMigrationDefaultOutOfRangeIsRefusedWithTheField() {
        String path = "/api/v1/clusters/" + C1 + "/migrationdefaults";
        manager.on("GET " + path, 200, "{\"clusterName\":\"prod\",\"own\":{},\"effective\":{}}")
                .problem("PUT " + path, 400, "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"the migration parameters are not valid\","
                        + "\"errors\":[{\"field\":\"maxDowntimeMs\",\"reason\":\"must be from 1 to 60000 ms\"}]}");

        CliResult result = manager.cli("cluster", "migration-defaults", "prod", "--max-downtime", "0");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("maxDowntimeMs: must be from 1 to 60000 ms");
    }
}
