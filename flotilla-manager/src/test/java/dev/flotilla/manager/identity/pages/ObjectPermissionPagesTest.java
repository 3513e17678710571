package dev.flotilla.manager.identity.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A VM's Permissions tab: its permissions and the inherited ones, add and remove, only for who may manage permissions there. */
@ManagerTest
class ObjectPermissionPagesTest {

    static final String PASSWORD = "Tab-Pass-9";

    @LocalServerPort
    int port;

    ApiClient admin() {
        return new ApiClient(port, "admin@internal", "test-pass");
    }

    @Test
    void anAdminGrantsAndRevokesOnAVmsTabAndAnotherUserMayNot() throws Exception {
        String tag = Long.toHexString(System.nanoTime());
        String user = "tab" + tag;
        String other = "tabx" + tag;
        for (String u : new String[] {user, other}) {
            assertThat(admin().post("/users", "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(u, PASSWORD)).status()).isEqualTo(201);
        }
        String vm = admin().post("/vms", "{\"name\":\"tab-%s\"}".formatted(tag)).text("id");
        String elsewhere = admin().post("/vms", "{\"name\":\"tab2-%s\"}".formatted(tag)).text("id");
        String foreign = admin().post("/vms/" + elsewhere + "/permissions", "{\"user\":\"%s\",\"role\":\"UserRole\"}".formatted(other)).text("id");

        IdentityConsoleTest pages = new IdentityConsoleTest();
        pages.port = port;
        IdentityConsoleTest.Browser b = pages.new Browser();
        b.login("admin@internal", "test-pass");
        assertThat(b.get("/vms/" + vm).body()).contains("id=\"permissions-link\"");
        String tab = b.get("/vms/" + vm + "/permissions").body();
        assertThat(tab).contains("id=\"object-permission-form\"", "inherited from System", "SuperUser");
        String added = b.post("/vms/" + vm + "/permissions", Map.of("_csrf", b.csrf(tab), "principalType", "user",
                "principal", user, "role", "UserRole")).body();
        assertThat(added).contains(user + " was granted UserRole", "id=\"permission-" + user + "@internal-UserRole\"", "this object");
        var api = admin().get("/vms/" + vm + "/permissions?inherited=true").body().path("items");
        assertThat(api.findValuesAsString("principalName")).contains(user + "@internal", "admin@internal");
        assertThat(api.findValuesAsString("inheritedFrom")).contains("System", "");
        assertThat(admin().get("/vms/" + vm + "/permissions").body().path("items").findValuesAsString("principalName"))
                .containsExactly(user + "@internal");

        // a permission of another VM is not removed through this VM's tab
        String wrong = b.post("/vms/" + vm + "/permissions/" + foreign + "/revoke", Map.of("_csrf", b.csrf(tab))).body();
        assertThat(wrong).contains("id=\"permission-error\"");
        assertThat(admin().get("/vms/" + elsewhere + "/permissions").body().path("items").size()).isEqualTo(1);

        // the user holds UserRole here, not manage_permissions: refused, and its portal never shows the tab
        IdentityConsoleTest.Browser u = pages.new Browser();
        String landing = u.login(user + "@internal", PASSWORD).body();
        var refused = u.post("/vms/" + vm + "/permissions", Map.of("_csrf", u.csrf(landing), "principalType", "user",
                "principal", user, "role", "SuperUser"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("manage_permissions");

        String id = admin().get("/vms/" + vm + "/permissions").body().path("items").path(0).path("id").asText();
        String removed = b.post("/vms/" + vm + "/permissions/" + id + "/revoke", Map.of("_csrf", b.csrf(tab))).body();
        assertThat(removed).contains("The permission was revoked").doesNotContain("id=\"permission-" + user + "@internal-UserRole\"");
        assertThat(b.get("/hosts/" + java.util.UUID.randomUUID() + "/permissions").statusCode()).isEqualTo(404);
    }
}
