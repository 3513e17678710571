package dev.flotilla.manager.identity.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The portal and the administration pages over real HTTP, as a browser without script uses them. */
@ManagerTest
class IdentityConsoleTest {

    static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    static final String PASSWORD = "Portal-Pass-9";

    @LocalServerPort
    int port;

    ApiClient admin() {
        return new ApiClient(port, "admin@internal", "test-pass");
    }

    @Test
    void aUserWithUserRoleGetsThePortalWithItsVmOnlyAndIsRefusedTheRest() throws Exception {
        String user = "portal" + Long.toHexString(System.nanoTime());
        assertThat(admin().post("/users", "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(user, PASSWORD)).status()).isEqualTo(201);
        String mine = admin().post("/vms", "{\"name\":\"%s-vm\"}".formatted(user)).text("id");
        String other = admin().post("/vms", "{\"name\":\"%s-other\"}".formatted(user)).text("id");
        admin().post("/vms/" + mine + "/permissions", "{\"user\":\"%s\",\"role\":\"UserRole\"}".formatted(user));

        Browser b = new Browser();
        HttpResponse<String> landing = b.login(user + "@internal", PASSWORD);
        assertThat(landing.uri().getPath()).isEqualTo("/portal");
        assertThat(landing.body()).contains("id=\"portal-vm-" + user + "-vm\"", "id=\"portal-start-" + user + "-vm\"")
                .doesNotContain(user + "-other");
        assertThat(b.get("/vms").uri().getPath()).isEqualTo("/portal");
        assertThat(b.get("/admin/users").uri().getPath()).isEqualTo("/portal");

        HttpResponse<String> refused = b.post("/vms/" + other + "/start", Map.of("_csrf", b.csrf(landing.body())));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("run_vm");
        HttpResponse<String> started = b.post("/portal/vms/" + mine + "/start", Map.of("_csrf", b.csrf(landing.body())));
        assertThat(started.uri().getPath()).isEqualTo("/portal");
    }

    @Test
    void theAdministrationPagesListAndChangeUsersRolesPermissionsAndDomains() throws Exception {
        Browser b = new Browser();
        b.login("admin@internal", "test-pass");
        String name = "page" + Long.toHexString(System.nanoTime());
        HttpResponse<String> users = b.get("/admin/users");
        assertThat(users.body()).contains("id=\"user-table\"", "user-row-admin@internal", "id=\"group-form\"");
        HttpResponse<String> created = b.post("/admin/users", Map.of("_csrf", b.csrf(users.body()), "username", name,
                "password", PASSWORD, "displayName", "Page User"));
        assertThat(created.body()).contains("User " + name + "@internal was created", "user-row-" + name + "@internal");
        HttpResponse<String> weak = b.post("/admin/users", Map.of("_csrf", b.csrf(users.body()), "username", name + "x", "password", "x"));
        assertThat(weak.body()).contains("id=\"admin-error\"", "password");

        HttpResponse<String> grant = b.post("/admin/permissions", Map.of("_csrf", b.csrf(users.body()), "principalType", "user",
                "principal", name, "role", "ReadOnlyAdmin", "objectType", "system", "objectId", ""));
        assertThat(grant.body()).contains(name + " was granted ReadOnlyAdmin").contains(name + "@internal (user)");
        assertThat(b.get("/admin/roles").body()).contains("role-row-SuperUser", "role-row-TemplateOwner", "id=\"role-form\"");
        assertThat(b.get("/admin/domains").body()).contains("id=\"domain-table\"", "id=\"domain-form\"");

        Browser readOnly = new Browser();
        HttpResponse<String> home = readOnly.login(name + "@internal", PASSWORD);
        assertThat(home.uri().getPath()).isEqualTo("/");
        HttpResponse<String> refused = readOnly.post("/admin/users", Map.of("_csrf", readOnly.csrf(home.body()),
                "username", "x", "password", PASSWORD));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("manage_users");
    }

    @Test
    void aForgedSessionCookieIsSentToTheLoginPage() throws Exception {
        Browser b = new Browser();
        HttpCookie forged = new HttpCookie("JSESSIONID", "0123456789ABCDEF0123456789ABCDEF");
        forged.setPath("/");
        b.cookies.getCookieStore().add(URI.create("http://localhost:" + port), forged);
        assertThat(b.get("/vms").uri().getPath()).isEqualTo("/login");
    }

    final class Browser {
        final CookieManager cookies = new CookieManager();
        final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NORMAL).build();

        HttpResponse<String> login(String user, String password) throws Exception {
            return post("/login", Map.of("username", user, "password", password, "_csrf", csrf(get("/login").body())));
        }

        String csrf(String page) {
            Matcher m = CSRF_FIELD.matcher(page);
            assertThat(m.find()).as("page has a CSRF field").isTrue();
            return m.group(1);
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
            String body = new LinkedHashMap<>(fields).entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
