package dev.flotilla.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.cli.FakeManager;
import dev.flotilla.cli.FakeManager.CliResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HostCommandTest {

    static final String H1 = "c0ffee00-1111-4222-8333-444455556666";
    static final String H2 = "decade00-1111-4222-8333-444455556666";
    static final String H1_JSON = """
            {"id":"%s","name":"node1","clusterId":"c1","status":"Up","statusReason":null,"address":"10.0.0.1",
             "facts":{"cpuModel":"EPYC","cpuCores":16,"memoryMiB":65536,"driver":"qemu","accel":"kvm",
                      "qemuVersion":"7.2","os":"Debian 12","kernel":"6.1"},
             "stats":{"cpuPercent":12.5,"memoryUsedMiB":2048,"memoryTotalMiB":65536,"load1":0.5},
             "lastHeartbeatAt":"2025-01-02T03:04:05Z","vmCount":3,"version":7}""".formatted(H1);
    // Just enrolled: no facts and no stats yet.
    static final String H2_JSON = """
            {"id":"%s","name":"node2","clusterId":"c1","status":"Installing","facts":null,"stats":null,
             "vmCount":0,"version":1}""".formatted(H2);

    FakeManager manager;

    @BeforeEach
    void start() throws Exception {
        manager = new FakeManager();
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    @Test
    void listShowsDriverWithAcceleration() {
        manager.on("GET /api/v1/hosts", 200, "{\"items\":[" + H1_JSON + "," + H2_JSON + "],\"total\":2}");

        CliResult result = manager.cli("host", "list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).containsExactly(
                "NAME    STATUS       DRIVER      CPUS   MEMORY   VMS   ID",
                "node1   Up           qemu(kvm)   16     64GiB    3     " + H1,
                "node2   Installing   -           -      -        0     " + H2);
    }

    @Test
    void showPrintsFactsAndStats() {
        manager.on("GET /api/v1/hosts?name=node1", 200, "{\"items\":[" + H1_JSON + "],\"total\":1}")
                .on("GET /api/v1/hosts/" + H1, 200, H1_JSON);

        CliResult result = manager.cli("host", "show", "node1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).contains("Driver:         qemu(kvm)", "Memory used:    2GiB of 64GiB");
    }

    @Test
    void showPrintsWhatTheStorageDomainMonitorLastRead() {
        String cut = H1_JSON.replace("\"status\":\"Up\",\"statusReason\":null", "\"status\":\"NonOperational\","
                + "\"statusReason\":\"cannot reach storage domain nfs1 (unreachable); host node2 reads it\"").replace("\"version\":7}", """
                "version":7,"storageDomains":[
                 {"domainName":"iso1","checked":true,"valid":true,"lastCheckDelayMs":12,"lastCheckAgeMs":1400,"error":""},
                 {"domainName":"nfs1","checked":true,"valid":false,"lastCheckDelayMs":3000,"lastCheckAgeMs":500,
                  "error":"the NFS server 10.0.0.5 is unreachable","invalidSince":"2025-01-02T03:04:05.120Z"}]}""");
        manager.on("GET /api/v1/hosts?name=node1", 200, "{\"items\":[" + cut + "],\"total\":1}")
                .on("GET /api/v1/hosts/" + H1, 200, cut);

        CliResult result = manager.cli("host", "show", "node1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).contains(
                "Status:         NonOperational (cannot reach storage domain nfs1 (unreachable); host node2 reads it)",
                "Storage iso1:   valid (read in 12 ms, 1.4 s ago)",
                "Storage nfs1:   INVALID since 2025-01-02T03:04:05Z: the NFS server 10.0.0.5 is unreachable");
    }

    @Test
    void tokenPrintsOnlyTheTokenOnStdout() throws Exception {
        manager.on("POST /api/v1/hosts/enrollment-tokens", 201,
                "{\"token\":\"tok-123\",\"expiresAt\":\"2025-01-02T04:04:05Z\"}");

        CliResult result = manager.cli("host", "token", "--ttl", "15");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("tok-123\n");
        assertThat(result.err()).contains("expires at 2025-01-02T04:04:05Z");
        var json = new ObjectMapper();
        assertThat(json.readTree(manager.requests().get(0).body())).isEqualTo(json.readTree("{\"ttlMinutes\":15}"));
    }

    @Test
    void approveByNamePostsToTheHost() {
        manager.on("GET /api/v1/hosts?name=node2", 200, "{\"items\":[" + H2_JSON + "],\"total\":1}")
                .on("POST /api/v1/hosts/" + H2 + "/approve", 200, H2_JSON.replace("Installing", "Initializing"));

        CliResult result = manager.cli("host", "approve", "node2");

        assertThat(result.exitCode()).isZero();
        assertThat(manager.calls()).containsExactly("GET /api/v1/hosts?name=node2", "POST /api/v1/hosts/" + H2 + "/approve");
        assertThat(result.out()).contains("Initializing");
    }
}
