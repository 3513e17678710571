package dev.flotilla.cli.vm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.cli.FakeManager;
import dev.flotilla.cli.FakeManager.CliResult;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VmCommandTest {

    static final String WEB = "6f1c2a9e-0d4b-4c1e-9a57-3b2f8e1d7c01";
    static final String DB = "0a7b3c4d-5e6f-4a1b-8c2d-9e0f1a2b3c4d";
    static final String HOST = "c0ffee00-1111-4222-8333-444455556666";

    final ObjectMapper json = new ObjectMapper();
    FakeManager manager;

    @BeforeEach
    void start() throws Exception {
        manager = new FakeManager();
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    static String vm(String id, String name, String status, String hostId) {
        return """
                {"id":"%s","name":"%s","description":null,"clusterId":"c1","hostId":%s,"status":"%s",
                 "statusReason":null,"cpus":2,"memoryMiB":1024,"highlyAvailable":false,
                 "boot":{"kernel":"/boot/vmlinuz","initrd":null,"cmdline":"console=ttyS0"},"version":3,
                 "createdAt":"2025-01-02T03:04:05.678Z","stats":null}"""
                .formatted(id, name, hostId == null ? "null" : "\"" + hostId + "\"", status);
    }

    static String page(String... items) {
        return "{\"items\":[" + String.join(",", items) + "],\"total\":" + items.length + "}";
    }

    @Test
    void listRendersAlignedTable() {
        manager.on("GET /api/v1/vms", 200, page(vm(WEB, "web", "Up", HOST), vm(DB, "database", "Down", null)));

        CliResult result = manager.cli("vm", "list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).containsExactly(
                "NAME       STATUS   HOST                                   CPUS   MEMORY   ID",
                "web        Up       " + HOST + "   2      1GiB     " + WEB,
                "database   Down     -                                      2      1GiB     " + DB);
        assertThat(result.err()).isEmpty();
    }

    @Test
    void listSendsFiltersAndPaging() {
        manager.on("GET /api/v1/vms", 200, page());

        CliResult result = manager.cli("vm", "list", "--status", "waitforlaunch", "--host", HOST,
                "--name", "my vm", "--page", "2", "--size", "10");

        assertThat(result.exitCode()).isZero();
        assertThat(manager.calls()).containsExactly(
                "GET /api/v1/vms?status=WaitForLaunch&hostId=" + HOST + "&name=my%20vm&page=2&size=10");
        assertThat(result.outLines()).containsExactly("NAME   STATUS   HOST   CPUS   MEMORY   ID");
    }

    @Test
    void listAsJsonPrintsTheAnswerAsSent() throws Exception {
        String answer = page(vm(WEB, "web", "Up", HOST));
        manager.on("GET /api/v1/vms", 200, answer);

        CliResult result = manager.cli("vm", "list", "-o", "json");

        assertThat(result.exitCode()).isZero();
        assertThat(json.readTree(result.out())).isEqualTo(json.readTree(answer));
        assertThat(result.outLines()).hasSizeGreaterThan(3); // pretty-printed, not one line
    }

    @Test
    void showPrintsDetails() {
        manager.on("GET /api/v1/vms/" + WEB, 200, vm(WEB, "web", "Up", HOST));

        CliResult result = manager.cli("vm", "show", WEB);

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).contains(
                "Name:             web",
                "Status:           Up",
                "Kernel:           /boot/vmlinuz",
                "Initrd:           -",
                "Created:          2025-01-02T03:04:05Z",
                "Storage:          responding");
    }

    @Test
    void showSaysWhenTheVmIsNotRespondingOnStorage() {
        manager.on("GET /api/v1/vms/" + WEB, 200, vm(WEB, "web", "Up", HOST).replace("\"stats\":null}",
                "\"stats\":null,\"storageStall\":{\"hostId\":\"h1\",\"reason\":\"disk d1 is on nfs 10.0.0.5:/export, which does not answer\","
                        + "\"since\":\"2026-11-28T00:40:00Z\"}}"));

        CliResult result = manager.cli("vm", "show", WEB);

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).contains(
                "Storage:          NOT RESPONDING since 2026-11-28T00:40:00Z: disk d1 is on nfs 10.0.0.5:/export, which does not answer");
    }

    @Test
    void createSendsBodyWithBasicAuth() throws Exception {
        manager.on("POST /api/v1/vms", 201, vm(WEB, "web", "Down", null));

        CliResult result = manager.cli("vm", "create", "--name", "web", "--cpus", "2", "--memory", "1024", "--ha",
                "--description", "front end", "--kernel", "/boot/vmlinuz", "--cmdline", "console=ttyS0");

        assertThat(result.exitCode()).isZero();
        FakeManager.Request request = manager.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo("/api/v1/vms");
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(request.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("admin@internal:s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(json.readTree(request.body())).isEqualTo(json.readTree("""
                {"name":"web","cpus":2,"memoryMiB":1024,"highlyAvailable":true,"description":"front end",
                 "boot":{"kernel":"/boot/vmlinuz","cmdline":"console=ttyS0"}}"""));
        assertThat(result.out()).contains("web", "Down", WEB);
    }

    @Test
    void createUsesDefaultsAndLeavesOutWhatWasNotGiven() throws Exception {
        manager.on("POST /api/v1/vms", 201, vm(WEB, "tiny", "Down", null));

        CliResult result = manager.cli("vm", "create", "--name", "tiny", "--cluster", "c1");

        assertThat(result.exitCode()).isZero();
        assertThat(json.readTree(manager.requests().get(0).body())).isEqualTo(json.readTree("""
                {"name":"tiny","clusterId":"c1","cpus":1,"memoryMiB":512,"highlyAvailable":false}"""));
    }

    @Test
    void startByNameResolvesTheNameThenPosts() {
        manager.on("GET /api/v1/vms?name=web", 200, page(vm(WEB, "web", "Down", null)))
                .on("POST /api/v1/vms/" + WEB + "/start", 200, vm(WEB, "web", "WaitForLaunch", HOST));

        CliResult result = manager.cli("vm", "start", "web");

        assertThat(result.exitCode()).isZero();
        assertThat(manager.calls()).containsExactly(
                "GET /api/v1/vms?name=web",
                "POST /api/v1/vms/" + WEB + "/start");
        assertThat(manager.requests().get(1).body()).isEmpty();
        assertThat(result.outLines().get(1)).startsWith("web    WaitForLaunch   " + HOST);
    }

    @Test
    void actionByIdNeedsNoLookup() {
        manager.on("POST /api/v1/vms/" + WEB + "/pause", 200, vm(WEB, "web", "Paused", HOST));

        CliResult result = manager.cli("vm", "pause", WEB);

        assertThat(result.exitCode()).isZero();
        assertThat(manager.calls()).containsExactly("POST /api/v1/vms/" + WEB + "/pause");
    }

    @Test
    void nameMatchingOnlyLooselyIsNotTaken() {
        manager.on("GET /api/v1/vms?name=web", 200, page(vm(DB, "web-2", "Down", null)));

        CliResult result = manager.cli("vm", "start", "web");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: no VM named 'web'\n");
        assertThat(manager.calls()).containsExactly("GET /api/v1/vms?name=web");
    }

    @Test
    void shutdownSendsForceAndTimeout() throws Exception {
        manager.on("POST /api/v1/vms/" + WEB + "/shutdown", 200, vm(WEB, "web", "PoweringDown", HOST));

        CliResult result = manager.cli("vm", "shutdown", WEB, "--force", "--timeout", "30");

        assertThat(result.exitCode()).isZero();
        assertThat(json.readTree(manager.requests().get(0).body()))
                .isEqualTo(json.readTree("{\"force\":true,\"timeoutSeconds\":30}"));
    }

    @Test
    void conflictPrintsTheDetailAndFieldErrors() {
        manager.problem("POST /api/v1/vms/" + WEB + "/start", 409, """
                {"type":"about:blank","title":"Conflict","status":409,"detail":"VM web is Up, not Down",
                 "errors":[{"field":"status","reason":"must be Down"}]}""");

        CliResult result = manager.cli("vm", "start", WEB);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: VM web is Up, not Down\n  status: must be Down\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void deletePrintsAConfirmation() {
        manager.on("DELETE /api/v1/vms/" + WEB, 204, null);

        CliResult result = manager.cli("vm", "delete", WEB);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("VM " + WEB + " deleted\n");
    }

    @Test
    void waitPollsUntilTheStatusIsReached() {
        manager.on("GET /api/v1/vms?name=web", 200, page(vm(WEB, "web", "WaitForLaunch", HOST)))
                .on("GET /api/v1/vms/" + WEB, 200, vm(WEB, "web", "WaitForLaunch", HOST))
                .on("GET /api/v1/vms/" + WEB, 200, vm(WEB, "web", "PoweringUp", HOST))
                .on("GET /api/v1/vms/" + WEB, 200, vm(WEB, "web", "Up", HOST));

        CliResult result = manager.cli("vm", "wait", "web", "--status", "up", "--poll-millis", "1");

        assertThat(result.exitCode()).isZero();
        assertThat(manager.calls()).containsExactly(
                "GET /api/v1/vms?name=web",
                "GET /api/v1/vms/" + WEB,
                "GET /api/v1/vms/" + WEB,
                "GET /api/v1/vms/" + WEB);
        assertThat(result.outLines().get(1)).startsWith("web    Up   ");
    }

    @Test
    void waitGivesUpAtTheTimeoutWithExitOne() {
        manager.on("GET /api/v1/vms/" + WEB, 200, vm(WEB, "web", "PoweringUp", HOST));

        CliResult result = manager.cli("vm", "wait", WEB, "--status", "Up", "--timeout", "0");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("still PoweringUp", "waiting for Up");
    }

    @Test
    void unknownStatusIsAUsageError() {
        CliResult result = manager.cli("vm", "wait", WEB, "--status", "upp");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'upp' is not a VM status");
        assertThat(manager.requests()).isEmpty();
    }
}
