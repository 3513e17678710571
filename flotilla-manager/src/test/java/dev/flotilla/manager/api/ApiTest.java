package dev.flotilla.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The REST API over real HTTP against the real embedded PostgreSQL: shapes, bad input, conflicts. */
@ManagerTest
class ApiTest {

    @LocalServerPort
    int port;

    ApiClient api() {
        return new ApiClient(port, "admin@internal", "test-pass");
    }

    static String unique(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime());
    }

    @Test
    void firstStartCreatesTheDefaultDataCenterAndCluster() {
        assertThat(api().get("/datacenters?name=Default").body().path("items").findValuesAsString("name")).contains("Default");
        assertThat(api().get("/clusters").body().path("items").findValuesAsString("name")).contains("Default");
    }

    @Test
    void wrongPasswordIsRefused() {
        assertThat(new ApiClient(port, "admin@internal", "nope").get("/vms").status()).isEqualTo(401);
    }

    @Test
    void createdVmLandsInTheDefaultClusterDown() {
        String name = unique("web");
        var created = api().post("/vms", "{\"name\":\"%s\",\"cpus\":2,\"memoryMiB\":256}".formatted(name));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("status")).isEqualTo("Down");
        var listed = api().get("/vms?name=" + name);
        assertThat(listed.body().path("total").asLong()).isEqualTo(1);
        assertThat(listed.body().path("items").get(0).path("cpus").asInt()).isEqualTo(2);
        var events = api().get("/events?objectId=" + created.text("id"));
        assertThat(events.body().path("items").get(0).path("message").asString()).contains(name).contains("created");
        assertThat(events.body().path("items").get(0).path("user").asString()).isEqualTo("admin@internal");
    }

    @Test
    void badInputNamesEveryWrongFieldAndWritesNothing() {
        String name = unique("bad");
        var r = api().post("/vms", "{\"name\":\"%s\",\"cpus\":0,\"memoryMiB\":1,\"boot\":{\"kernel\":\"relative/vmlinuz\",\"cmdline\":\"x\"}}".formatted(name));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("errors").findValuesAsString("field")).containsExactlyInAnyOrder("cpus", "memoryMiB", "boot.kernel");
        assertThat(api().get("/vms?name=" + name).body().path("total").asLong()).isZero();
    }

    @Test
    void malformedJsonAndWrongTypesAreA400NotA500() {
        assertThat(api().post("/vms", "{not json").status()).isEqualTo(400);
        var wrongType = api().post("/vms", "{\"name\":\"x\",\"cpus\":\"many\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.body().path("errors").get(0).path("field").asString()).isEqualTo("cpus");
        assertThat(api().get("/vms/not-a-uuid").status()).isEqualTo(400);
        assertThat(api().get("/vms?status=Flying").status()).isEqualTo(400);
    }

    @Test
    void unknownIdIs404() {
        var r = api().get("/vms/00000000-0000-4000-8000-000000000000");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text("detail")).contains("does not exist");
    }

    @Test
    void duplicateNameIsAConflict() {
        String name = unique("dup");
        api().post("/vms", "{\"name\":\"%s\"}".formatted(name));
        assertThat(api().post("/vms", "{\"name\":\"%s\"}".formatted(name)).status()).isEqualTo(409);
    }

    @Test
    void patchWithAStaleVersionIsAConflictAndChangesNothing() {
        var vm = api().post("/vms", "{\"name\":\"%s\",\"memoryMiB\":256}".formatted(unique("patch")));
        String id = vm.text("id");

        var first = api().patch("/vms/" + id, "{\"memoryMiB\":512,\"version\":0}");
        var stale = api().patch("/vms/" + id, "{\"memoryMiB\":1024,\"version\":0}");
        var missing = api().patch("/vms/" + id, "{\"memoryMiB\":1024}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("memoryMiB").asLong()).isEqualTo(512);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(api().get("/vms/" + id).body().path("memoryMiB").asLong()).isEqualTo(512);
    }

    @Test
    void startingWithoutAnyUsableHostExplainsWhy() {
        String id = api().post("/vms", "{\"name\":\"%s\"}".formatted(unique("nohost"))).text("id");

        var r = api().post("/vms/" + id + "/start", null);

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.text("detail")).contains("no host in cluster Default");
        assertThat(api().get("/vms/" + id).text("status")).isEqualTo("Down");
    }

    @Test
    void illegalTransitionsAreConflicts() {
        String id = api().post("/vms", "{\"name\":\"%s\"}".formatted(unique("idle"))).text("id");

        assertThat(api().post("/vms/" + id + "/shutdown", null).status()).isEqualTo(409);
        assertThat(api().post("/vms/" + id + "/resume", null).status()).isEqualTo(409);
        assertThat(api().post("/vms/" + id + "/shutdown", "{\"force\":true,\"timeoutSeconds\":0}").status()).isEqualTo(400);
    }

    @Test
    void dataCenterAndClusterCrud() {
        var dc = api().post("/datacenters", "{\"name\":\"%s\"}".formatted(unique("dc")));
        assertThat(dc.status()).isEqualTo(201);
        var cluster = api().post("/clusters", "{\"name\":\"%s\",\"dataCenterId\":\"%s\",\"memoryOvercommitPercent\":150}"
                .formatted(unique("cl"), dc.text("id")));
        assertThat(cluster.status()).isEqualTo(201);
        assertThat(cluster.body().path("memoryOvercommitPercent").asInt()).isEqualTo(150);

        assertThat(api().delete("/datacenters/" + dc.text("id")).status()).isEqualTo(409);
        assertThat(api().post("/clusters", "{\"name\":\"x\",\"dataCenterId\":\"%s\",\"memoryOvercommitPercent\":5}"
                .formatted(dc.text("id"))).status()).isEqualTo(400);
        var renamed = api().patch("/clusters/" + cluster.text("id"), "{\"description\":\"lab\",\"version\":0}");
        assertThat(renamed.text("description")).isEqualTo("lab");
        assertThat(api().delete("/clusters/" + cluster.text("id")).status()).isEqualTo(204);
        assertThat(api().delete("/datacenters/" + dc.text("id")).status()).isEqualTo(204);
        assertThat(api().get("/datacenters/" + dc.text("id")).status()).isEqualTo(404);
    }

    @Test
    void pagingReportsTheTotal() {
        for (int i = 0; i < 3; i++) {
            api().post("/vms", "{\"name\":\"%s\"}".formatted(unique("page")));
        }
        var page = api().get("/vms?page=0&size=2");
        assertThat(page.body().path("items").size()).isEqualTo(2);
        assertThat(page.body().path("total").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(api().get("/vms?size=0").status()).isEqualTo(400);
    }

    @Test
    void enrollmentTokenCarriesTheCaFingerprint() {
        var r = api().post("/hosts/enrollment-tokens", "{\"ttlMinutes\":5}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.text("token")).matches("[0-9a-f]{40}\\.[0-9a-f]{64}");
        assertThat(api().post("/hosts/enrollment-tokens", "{\"ttlMinutes\":0}").status()).isEqualTo(400);
    }

    @Test
    void openApiDescribesTheApi() {
        var r = api().get("/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("paths").has("/api/v1/vms")).isTrue();
    }
}
