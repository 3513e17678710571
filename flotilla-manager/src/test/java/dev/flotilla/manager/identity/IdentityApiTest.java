package dev.flotilla.manager.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Users, groups, roles and permissions over the real API, and what they let a user see and do. */
@ManagerTest
class IdentityApiTest {

    static final String PASSWORD = "Correct-Horse-7";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    ApiClient admin() {
        return new ApiClient(port, "admin@internal", "test-pass");
    }

    static String unique(String prefix) {
        return prefix + Long.toHexString(System.nanoTime());
    }

    String newUser(String name) {
        var r = admin().post("/users", "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(name, PASSWORD));
        assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
        return r.text("id");
    }

    String newVm(String name) {
        var r = admin().post("/vms", "{\"name\":\"%s\",\"cpus\":1,\"memoryMiB\":128}".formatted(name));
        assertThat(r.status()).isEqualTo(201);
        return r.text("id");
    }

    @Test
    void aUserWithUserRoleOnOneVmSeesAndRunsOnlyThatVm() {
        String user = unique("ann");
        newUser(user);
        String mine = newVm(unique("mine"));
        String other = newVm(unique("other"));
        var granted = admin().post("/vms/" + mine + "/permissions", "{\"user\":\"%s\",\"role\":\"UserRole\"}".formatted(user));
        assertThat(granted.status()).as(granted.body().toString()).isEqualTo(201);

        ApiClient ann = new ApiClient(port, user + "@internal", PASSWORD);
        assertThat(ann.get("/vms").body().path("items").findValuesAsString("id")).containsExactly(mine);
        assertThat(ann.get("/vms/" + mine).status()).isEqualTo(200);
        assertThat(ann.post("/vms/" + mine + "/start", null).status()).isNotEqualTo(403);
        var refused = ann.post("/vms/" + other + "/start", null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("actionGroup")).isEqualTo("run_vm");
        assertThat(refused.text("detail")).contains("run_vm").contains(other);
        var delete = ann.delete("/vms/" + mine);
        assertThat(delete.status()).isEqualTo(403);
        assertThat(delete.text("actionGroup")).isEqualTo("delete_vm");
        assertThat(ann.get("/hosts").body().path("items").size()).isZero();
        assertThat(ann.post("/datacenters", "{\"name\":\"x\"}").text("actionGroup")).isEqualTo("create_datacenter");

        var events = admin().get("/events?objectId=" + mine).body().path("items");
        assertThat(events.findValuesAsString("message")).anyMatch(m -> m.contains("admin@internal granted role UserRole for user " + user));
        assertThat(ann.get("/events").body().path("items").findValuesAsString("objectId")).containsOnly(mine);
    }

    @Test
    void aGroupsRoleReachesItsMembersAndRevokingTakesItAway() {
        String user = unique("bob");
        newUser(user);
        String group = unique("ops");
        String groupId = admin().post("/groups", "{\"name\":\"%s\"}".formatted(group)).text("id");
        assertThat(admin().post("/groups/" + groupId + "/members", "{\"user\":\"%s\"}".formatted(user)).status()).isEqualTo(200);
        String clusterId = admin().get("/clusters?name=Default").body().path("items").get(0).path("id").asString();
        var p = admin().post("/permissions", "{\"group\":\"%s@internal\",\"role\":\"ClusterAdmin\",\"objectType\":\"cluster\",\"objectId\":\"%s\"}"
                .formatted(group, clusterId));
        assertThat(p.status()).as(p.body().toString()).isEqualTo(201);

        ApiClient bob = new ApiClient(port, user + "@internal", PASSWORD);
        String vm = unique("bobvm");
        assertThat(bob.post("/vms", "{\"name\":\"%s\",\"clusterId\":\"%s\"}".formatted(vm, clusterId)).status()).isEqualTo(201);
        assertThat(bob.post("/vms", "{\"name\":\"%s\"}".formatted(vm + "x")).text("actionGroup")).isEqualTo("create_vm");
        assertThat(bob.get("/clusters").body().path("items").findValuesAsString("id")).containsExactly(clusterId);

        assertThat(admin().delete("/permissions/" + p.text("id")).status()).isEqualTo(204);
        assertThat(bob.get("/vms").status()).isEqualTo(403);
        assertThat(admin().get("/events").body().path("items").findValuesAsString("message"))
                .anyMatch(m -> m.contains("admin@internal revoked role ClusterAdmin for group " + group));
    }

    @Test
    void passwordPolicyAndBadInputAre400sNamingTheField() {
        var weak = admin().post("/users", "{\"username\":\"%s\",\"password\":\"short\"}".formatted(unique("weak")));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.body().path("errors").findValuesAsString("field")).containsExactly("password");
        var bad = admin().post("/permissions", "{\"user\":\"nobody-here\",\"role\":\"NoRole\",\"objectType\":\"planet\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("errors").findValuesAsString("field")).contains("user", "role", "objectType");
        var directory = admin().post("/users", "{\"username\":\"x@corp\",\"password\":\"%s\"}".formatted(PASSWORD));
        assertThat(directory.body().path("errors").get(0).path("reason").asString()).contains("directory");
    }

    @Test
    void customRolesAndThePredefinedOnes() {
        var roles = admin().get("/roles").body().path("items").findValuesAsString("name");
        assertThat(roles).contains("SuperUser", "ClusterAdmin", "DataCenterAdmin", "HostAdmin", "StorageAdmin", "TemplateAdmin",
                "NetworkAdmin", "ReadOnlyAdmin", "UserRole", "PowerUserRole", "UserVmManager", "VmCreator", "TemplateOwner");
        String name = unique("Starter");
        var created = admin().post("/roles", "{\"name\":\"%s\",\"actionGroups\":[\"login\",\"run_vm\"]}".formatted(name));
        assertThat(created.status()).isEqualTo(201);
        assertThat(admin().post("/roles", "{\"name\":\"y\",\"actionGroups\":[\"fly\"]}").status()).isEqualTo(400);
        String superUser = admin().get("/roles").body().path("items").findValues("id").stream()
                .filter(n -> admin().get("/roles/" + n.asString()).text("name").equals("SuperUser")).findFirst().orElseThrow().asString();
        assertThat(admin().delete("/roles/" + superUser).status()).isEqualTo(409);
        assertThat(admin().delete("/roles/" + created.text("id")).status()).isEqualTo(204);
        String adminGrant = admin().get("/permissions?objectType=system").body().path("items").findParents("principalName").stream()
                .filter(n -> n.path("principalName").asString().equals("admin@internal")).findFirst().orElseThrow().path("id").asString();
        assertThat(admin().delete("/permissions/" + adminGrant).status()).isEqualTo(409);
    }

    @Test
    void tokensWorkUntilRevokedOrExpired() throws Exception {
        String user = unique("tok");
        newUser(user);
        admin().post("/permissions", "{\"user\":\"%s\",\"role\":\"ReadOnlyAdmin\",\"objectType\":\"system\"}".formatted(user));
        var issued = new ApiClient(port, user + "@internal", PASSWORD).post("/auth/token", "{\"description\":\"ci\"}");
        assertThat(issued.status()).isEqualTo(201);
        String token = issued.text("token");
        assertThat(bearer(token, "/vms")).isEqualTo(200);
        assertThat(bearer("flt_forged", "/vms")).isEqualTo(401);

        assertThat(new ApiClient(port, user + "@internal", PASSWORD).delete("/auth/tokens/" + issued.text("id")).status()).isEqualTo(204);
        assertThat(bearer(token, "/vms")).isEqualTo(401);

        String second = new ApiClient(port, user + "@internal", PASSWORD).post("/auth/token", null).text("token");
        jdbc.sql("update api_token set expires_at = now() - interval '1 second' where secret_hash = :h")
                .param("h", ApiTokens.hash(second)).update();
        assertThat(bearer(second, "/vms")).isEqualTo(401);
    }

    @Test
    void repeatedWrongPasswordsLockTheUserAndTheLockIsAnEvent() {
        String user = unique("lock");
        String id = newUser(user);
        admin().post("/permissions", "{\"user\":\"%s\",\"role\":\"ReadOnlyAdmin\",\"objectType\":\"system\"}".formatted(user));
        for (int i = 0; i < 5; i++) {
            assertThat(new ApiClient(port, user + "@internal", "Wrong-Pass-1").get("/vms").status()).isEqualTo(401);
        }
        assertThat(new ApiClient(port, user + "@internal", PASSWORD).get("/vms").status()).isEqualTo(401);
        assertThat(admin().get("/users/" + id).text("lockedUntil")).isNotBlank();
        assertThat(admin().get("/events").body().path("items").findValuesAsString("message"))
                .anyMatch(m -> m.contains("User " + user + "@internal was locked"));
        assertThat(admin().patch("/users/" + id, "{\"unlock\":true}").status()).isEqualTo(200);
        assertThat(new ApiClient(port, user + "@internal", PASSWORD).get("/vms").status()).isEqualTo(200);
    }

    int bearer(String token, String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1" + path))
                .header("Authorization", "Bearer " + token).GET().build();
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
