package dev.flotilla.cli.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.cli.FakeManager;
import dev.flotilla.cli.FakeManager.CliResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AffinityGroupCommandTest {

    static final String C1 = "6f1c2d3e-0000-4000-8000-000000000001";
    static final String G1 = "6f1c2d3e-0000-4000-8000-0000000000a1";
    static final String VM1 = "6f1c2d3e-0000-4000-8000-0000000000b1";
    static final String VM2 = "6f1c2d3e-0000-4000-8000-0000000000b2";
    static final String H1 = "6f1c2d3e-0000-4000-8000-0000000000c1";
    static final String GROUPS = "/api/v1/clusters/" + C1 + "/affinitygroups";
    private static final String GROUP = """
            {"id":"%s","clusterId":"%s","name":"apart","description":"","positive":false,"enforcing":true,"vmIds":["%s","%s"],
             "hostIds":[],"version":2}""".formatted(G1, C1, VM1, VM2);

    private final ObjectMapper json = new ObjectMapper();
    private FakeManager manager;

    @BeforeEach
    void start() throws Exception {
        manager = new FakeManager();
        manager.on("GET /api/v1/clusters?name=prod", 200, "{\"items\":[{\"id\":\"" + C1 + "\",\"name\":\"prod\"}],\"total\":1}")
                .on("GET " + GROUPS, 200, "{\"items\":[" + GROUP + "],\"total\":1}");
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    @Test
    void listShowsRuleEnforcingAndMemberCounts() {
        CliResult result = manager.cli("affinity-group", "list", "prod");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines().get(1)).contains("apart", "negative", "hard", "2", "0", G1);
    }

    @Test
    void showNamesTheMembers() {
        manager.on("GET " + GROUPS + "/" + G1, 200, GROUP).on("GET /api/v1/vms/" + VM1, 200, "{\"id\":\"" + VM1 + "\",\"name\":\"web1\"}")
                .on("GET /api/v1/vms/" + VM2, 200, "{\"id\":\"" + VM2 + "\",\"name\":\"web2\"}");

        CliResult result = manager.cli("affinity-group", "show", "prod", "apart");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).contains("VMs:         web1, web2", "Hosts:       none");
    }

    @Test
    void createResolvesMembersByName() throws Exception {
        manager.on("GET /api/v1/vms?name=web1", 200, "{\"items\":[{\"id\":\"" + VM1 + "\",\"name\":\"web1\"}],\"total\":1}")
                .on("GET /api/v1/hosts?name=hv1", 200, "{\"items\":[{\"id\":\"" + H1 + "\",\"name\":\"hv1\"}],\"total\":1}")
                .on("POST " + GROUPS, 201, GROUP);

        CliResult result = manager.cli("affinity-group", "create", "prod", "apart", "--no-positive", "--vm", "web1", "--vm", VM2,
                "--host", "hv1", "--description", "spread");

        assertThat(result.exitCode()).isZero();
        assertThat(json.readTree(manager.requests().get(manager.requests().size() - 1).body())).isEqualTo(json.readTree("""
                {"name":"apart","description":"spread","positive":false,"vmIds":["%s","%s"],"hostIds":["%s"]}""".formatted(VM1, VM2, H1)));
    }

    @Test
    void updateSendsTheVersionReadAndCanEmptyTheMembers() throws Exception {
        manager.on("GET " + GROUPS + "/" + G1, 200, GROUP).on("PATCH " + GROUPS + "/" + G1, 200, GROUP);

        CliResult result = manager.cli("affinity-group", "update", "prod", "apart", "--no-vms", "--no-enforcing");

        assertThat(result.exitCode()).isZero();
        assertThat(json.readTree(manager.requests().get(manager.requests().size() - 1).body())).isEqualTo(json.readTree(
                "{\"vmIds\":[],\"enforcing\":false,\"version\":2}"));
    }

    @Test
    void deleteAndAnUnknownGroup() {
        manager.on("DELETE " + GROUPS + "/" + G1, 204, null);

        CliResult deleted = manager.cli("affinity-group", "delete", "prod", "apart");
        CliResult unknown = manager.cli("affinity-group", "delete", "prod", "together");

        assertThat(deleted.exitCode()).isZero();
        assertThat(manager.calls()).contains("DELETE " + GROUPS + "/" + G1);
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no affinity group 'together' in cluster prod");
    }

    @Test
    void aMemberOutsideTheClusterIsRefusedWithTheField() {
        manager.on("POST " + GROUPS, 400, "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"the affinity group is not valid\","
                + "\"errors\":[{\"field\":\"vmIds[0]\",\"reason\":\"no VM in cluster prod\"}]}");

        CliResult result = manager.cli("affinity-group", "create", "prod", "apart", "--vm", VM1);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("vmIds[0]: no VM in cluster prod");
    }
}
