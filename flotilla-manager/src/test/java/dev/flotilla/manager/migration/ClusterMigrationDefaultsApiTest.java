package dev.flotilla.manager.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A cluster's own migration defaults through the API: layered over the manager's, validated, audited. */
@ManagerTest
class ClusterMigrationDefaultsApiTest {

    @LocalServerPort
    int port;

    @Test
    void aClustersDefaultsLayerOverTheManagersAndBadValuesChangeNothing() {
        ApiClient api = new ApiClient(port, "admin@internal", "test-pass");
        String name = "mig-" + Long.toHexString(System.nanoTime());
        String dc = api.get("/datacenters?name=Default").body().path("items").path(0).path("id").asString();
        String cluster = api.post("/clusters", "{\"name\":\"%s\",\"dataCenterId\":\"%s\"}".formatted(name, dc)).text("id");
        String path = "/clusters/" + cluster + "/migrationdefaults";

        var fresh = api.get(path);
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.body().path("own").path("maxDowntimeMs").isNull()).isTrue();
        assertThat(fresh.body().path("effective").path("maxDowntimeMs").asInt()).isEqualTo(20);
        assertThat(fresh.body().path("effective").path("bandwidthMiBps").asInt()).isZero();

        var set = api.put(path, "{\"bandwidthMiBps\": 256, \"postCopy\": true}");
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.body().path("own").path("bandwidthMiBps").asInt()).isEqualTo(256);
        assertThat(set.body().path("effective").path("maxDowntimeMs").asInt()).isEqualTo(20);
        assertThat(set.body().path("effective").path("postCopy").asBoolean()).isTrue();

        var bad = api.put(path, "{\"maxDowntimeMs\": 0, \"bandwidthMiBps\": -1}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("errors").findValuesAsString("field")).containsExactlyInAnyOrder("maxDowntimeMs", "bandwidthMiBps");
        assertThat(api.get(path).body().path("own").path("bandwidthMiBps").asInt()).isEqualTo(256);

        assertThat(api.get("/clusters/00000000-0000-0000-0000-000000000001/migrationdefaults").status()).isEqualTo(404);
        assertThat(api.get("/events?objectId=" + cluster).body().toString())
                .contains("Migration defaults of cluster " + name + " set: maximum downtime manager's, bandwidth 256 MiB/s, auto-converge manager's, post-copy on");
        assertThat(api.delete("/clusters/" + cluster).status()).isEqualTo(204);
    }
}
