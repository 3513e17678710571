package dev.flotilla.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Directory users against a real OpenLDAP: the test starts its own slapd (memberOf overlay, its
 * own database, 127.0.0.1 only), loads users and groupOfNames groups with ldapadd, and the admin
 * configures the domain through the API. A directory user signs in through the API (a bearer
 * token) and the console (Chromium), holds UserRole on one VM through its directory group, sees
 * only that VM, and is refused the rest with 403 naming the missing action group. Then what goes
 * wrong: a wrong bind password, an injection in the user name, the directory going away.
 * <p>
 * The VMs are defined and never started: visibility and refusals are decided by the manager from
 * its database and the directory; a booted guest would add minutes and prove nothing more here
 * (QemuFleetTest and ConsoleBrowserTest run real guests).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DirectoryLoginTest {

    private static final String PASSWORD = "directory-admin-password";
    private static final String SUFFIX = "dc=flotilla,dc=test";
    private static final String DOMAIN = "flotilla.test";
    private static final String READER = "cn=reader,ou=service," + SUFFIX;
    private static final String READER_PASSWORD = "Reader-Pass-1";
    private static final String DORA_PASSWORD = "Dora-Pass-1";
    private static final String EVE_PASSWORD = "Eve-Pass-1";
    private static final String FINN_PASSWORD = "Finn-Pass-1";
    private static final String FILE_DOMAIN = "files.test";

    private Path work;
    private Slapd slapd;
    private ManagerProcess manager;
    private WebDriver browser;
    private String mine;
    private String other;

    @BeforeAll
    void startDirectoryManagerAndBrowser() throws IOException {
        Slapd.require();
        work = Files.createTempDirectory("flotilla-directory");
        Path logs = Path.of("target", "it-logs").toAbsolutePath();
        int[] ports = Machine.freePorts(3);
        slapd = Slapd.start(Files.createDirectories(work.resolve("slapd")), ports[2], SUFFIX, "Root-Pass-1");
        slapd.add(work, """
                dn: %1$s
                objectClass: dcObject
                objectClass: organization
                dc: flotilla
                o: Flotilla test directory

                dn: ou=people,%1$s
                objectClass: organizationalUnit
                ou: people

                dn: ou=groups,%1$s
                objectClass: organizationalUnit
                ou: groups

                dn: ou=service,%1$s
                objectClass: organizationalUnit
                ou: service

                dn: %2$s
                objectClass: person
                cn: reader
                sn: reader
                userPassword: %3$s

                dn: uid=dora,ou=people,%1$s
                objectClass: inetOrgPerson
                objectClass: posixAccount
                uid: dora
                cn: Dora Lee
                sn: Lee
                mail: dora@flotilla.test
                uidNumber: 10001
                gidNumber: 10001
                homeDirectory: /home/dora
                userPassword: %4$s

                dn: uid=eve,ou=people,%1$s
                objectClass: inetOrgPerson
                uid: eve
                cn: Eve Moss
                sn: Moss
                userPassword: %5$s

                dn: uid=finn,ou=people,%1$s
                objectClass: inetOrgPerson
                uid: finn
                cn: Finn Roe
                sn: Roe
                userPassword: %6$s

                dn: cn=vm-users,ou=groups,%1$s
                objectClass: groupOfNames
                cn: vm-users
                member: uid=dora,ou=people,%1$s
                member: uid=finn,ou=people,%1$s
                """.formatted(SUFFIX, READER, READER_PASSWORD, DORA_PASSWORD, EVE_PASSWORD, FINN_PASSWORD));
        // a second domain on the same directory, from a file as configuration management would write it
        Path domains = Files.createDirectories(work.resolve("ldap-domains"));
        Files.writeString(domains.resolve(FILE_DOMAIN + ".properties"), """
                profile = openldap
                servers = 127.0.0.1:%d
                bindDn = %s
                bindPassword = %s
                baseDn = %s
                """.formatted(slapd.port(), READER, READER_PASSWORD, SUFFIX));
        manager = ManagerProcess.start(work.resolve("manager"), ports[0], ports[1], PASSWORD, logs.resolve("directory-manager.log"),
                Map.of("flotilla.identity.ldap-config-dir", domains.toString()));
        manager.awaitHealthy();
        browser = Browser.start(work.resolve("chromium-profile"));
    }

    @AfterAll
    void stopEverything() {
        if (browser != null) {
            browser.quit();
        }
        if (slapd != null) {
            slapd.stop();
        }
        Machine.stopFleet(List.of(), manager, work);
    }

    private Map<String, Object> domain(String name, String bindPassword) {
        return Map.of("name", name, "profile", "openldap", "servers", List.of("127.0.0.1:" + slapd.port()),
                "bindDn", READER, "bindPassword", bindPassword, "baseDn", SUFFIX);
    }

    private Api as(String user, String password) {
        return new Api(URI.create("http://127.0.0.1:" + manager.httpPort() + "/"), user, password);
    }

    @Test
    @Order(1)
    void aWrongBindPasswordIsRefusedAndNothingIsSaved() {
        Api.Response refused = manager.api().send("POST", "api/v1/domains", domain(DOMAIN, "not-the-password"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.body().path("errors").findValuesAsText("field")).containsExactly("bindPassword");
        assertThat(refused.body().path("detail").asText()).contains("invalid credentials").contains(READER);
        assertThat(manager.api().get("api/v1/domains").path("items").findValuesAsText("name")).doesNotContain(DOMAIN);
        assertThat(as("dora@" + DOMAIN, DORA_PASSWORD).send("GET", "api/v1/vms", null).status()).isEqualTo(401);
    }

    @Test
    @Order(2)
    void aDirectoryUserSignsInThroughTheApiAndSeesOnlyTheVmItsGroupMayUse() {
        JsonNode created = manager.api().post("api/v1/domains", domain(DOMAIN, READER_PASSWORD), 201);
        assertThat(created.has("bindPassword")).isFalse();
        JsonNode test = manager.api().post("api/v1/domains/" + created.path("id").asText() + "/test", null, 200);
        assertThat(test.path("ok").asBoolean()).as(test.toString()).isTrue();

        mine = manager.api().post("api/v1/vms", Map.of("name", "dir-mine", "cpus", 1, "memoryMiB", 128), 201).path("id").asText();
        other = manager.api().post("api/v1/vms", Map.of("name", "dir-other", "cpus", 1, "memoryMiB", 128), 201).path("id").asText();
        manager.api().post("api/v1/vms/" + mine + "/permissions", Map.of("group", "vm-users@" + DOMAIN, "role", "UserRole"), 201);

        // a bearer token for dora, as a script gets one; every later call carries only the token
        JsonNode token = as("dora@" + DOMAIN, DORA_PASSWORD).post("api/v1/auth/token", Map.of("description", "it"), 201);
        assertThat(token.path("username").asText()).isEqualTo("dora@" + DOMAIN);
        Api dora = manager.api().withToken(token.path("token").asText());
        assertThat(dora.get("api/v1/vms").path("items").findValuesAsText("id")).containsExactly(mine);
        assertThat(dora.get("api/v1/vms/" + mine).path("name").asText()).isEqualTo("dir-mine");

        Api.Response notMine = dora.send("GET", "api/v1/vms/" + other, null);
        assertThat(notMine.status()).isEqualTo(403);
        assertThat(notMine.body().path("actionGroup").asText()).isEqualTo("view");
        Api.Response run = dora.send("POST", "api/v1/vms/" + other + "/start", null);
        assertThat(run.status()).isEqualTo(403);
        assertThat(run.body().path("actionGroup").asText()).isEqualTo("run_vm");
        assertThat(run.body().path("detail").asText()).contains("run_vm").contains(other);
        Api.Response admin = dora.send("POST", "api/v1/hosts/enrollment-tokens", Map.of("ttlMinutes", 10));
        assertThat(admin.status()).isEqualTo(403);
        assertThat(admin.body().path("actionGroup").asText()).isEqualTo("create_host");
        Api.Response delete = dora.send("DELETE", "api/v1/vms/" + mine, null);
        assertThat(delete.status()).isEqualTo(403);
        assertThat(delete.body().path("actionGroup").asText()).isEqualTo("delete_vm");

        // the group came from the directory's memberOf, copied at login
        JsonNode users = manager.api().get("api/v1/users");
        assertThat(users.path("items").findValuesAsText("username")).contains("dora@" + DOMAIN);
        assertThat(manager.api().get("api/v1/groups").path("items").findValuesAsText("name")).contains("vm-users@" + DOMAIN);
        // eve is in the directory but in no group with a role: she may not even sign in to the manager
        Api.Response eve = as("eve@" + DOMAIN, EVE_PASSWORD).send("GET", "api/v1/vms", null);
        assertThat(eve.status()).isEqualTo(403);
        assertThat(eve.body().path("actionGroup").asText()).isEqualTo("login");
    }

    @Test
    @Order(3)
    void theDirectoryUserSignsInToTheConsoleAndItsPortalListsOnlyItsVm() {
        String base = "http://localhost:" + manager.httpPort();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get(base + "/vms");
        wait.until(ExpectedConditions.urlContains("/login"));
        login("dora@" + DOMAIN, DORA_PASSWORD);
        // a caller with only user roles lands on the VM portal, also when it asked for the admin VM list
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("portal-vms")));
        assertThat(browser.findElement(By.id("current-user")).getText()).contains("dora@" + DOMAIN);
        assertThat(browser.findElements(By.cssSelector("#portal-vms .portal-vm-name")).stream().map(e -> e.getText().trim()).toList())
                .containsExactly("dir-mine");
        browser.get(base + "/vms");
        wait.until(ExpectedConditions.urlContains("/portal"));
        assertThat(browser.findElements(By.id("portal-vm-dir-other"))).isEmpty();
        browser.get(base + "/vms/" + other);
        assertThat(browser.getPageSource()).doesNotContain("dir-other");
        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.urlContains("/login"));
    }

    @Test
    @Order(4)
    void aDomainFromAFileSignsUsersInAndIsReadOnlyThroughTheApi() {
        JsonNode fromFile = null;
        for (JsonNode d : manager.api().get("api/v1/domains").path("items")) {
            if (d.path("name").asText().equals(FILE_DOMAIN)) {
                fromFile = d;
            }
        }
        assertThat(fromFile).as("the file's domain in /api/v1/domains").isNotNull();
        assertThat(fromFile.path("source").asText()).isEqualTo("file");
        assertThat(fromFile.path("file").asText()).endsWith(FILE_DOMAIN + ".properties");
        String id = fromFile.path("id").asText();
        Api.Response change = manager.api().send("PATCH", "api/v1/domains/" + id, Map.of("baseDn", "dc=other"));
        assertThat(change.status()).as(change.toString()).isEqualTo(409);
        assertThat(change.body().path("detail").asText()).contains(FILE_DOMAIN + ".properties");
        assertThat(manager.api().send("DELETE", "api/v1/domains/" + id, null).status()).isEqualTo(409);
        assertThat(manager.api().post("api/v1/domains/" + id + "/test", null, 200).path("ok").asBoolean()).isTrue();
        manager.api().post("api/v1/vms/" + mine + "/permissions", Map.of("group", "vm-users@" + FILE_DOMAIN, "role", "UserRole"), 201);
        assertThat(as("dora@" + FILE_DOMAIN, DORA_PASSWORD).get("api/v1/vms").path("items").findValuesAsText("id")).containsExactly(mine);
    }

    @Test
    @Order(5)
    void injectionInTheUserNameSignsNobodyInAndIsNoServerError() {
        for (String name : List.of("*", "dora)(uid=*", "*)(|(uid=*", "dora)(|(objectClass=*", "\\2a", "dora\u0000")) {
            Api.Response r = as(name + "@" + DOMAIN, DORA_PASSWORD).send("GET", "api/v1/vms", null);
            assertThat(r.status()).as(name + ": " + r).isEqualTo(401);
            Api.Response t = as(name + "@" + DOMAIN, DORA_PASSWORD).send("POST", "api/v1/auth/token", Map.of());
            assertThat(t.status()).as(name + ": " + t).isEqualTo(401);
        }
        // a wildcard password is no password either
        assertThat(as("dora@" + DOMAIN, "*").send("GET", "api/v1/vms", null).status()).isEqualTo(401);
        browser.get("http://localhost:" + manager.httpPort() + "/login");
        login("*)(uid=*@" + DOMAIN, DORA_PASSWORD);
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(browser.findElement(By.id("login-error")).getText()).contains("Invalid user or password");
    }

    @Test
    @Order(6)
    void whenTheDirectoryIsGoneLoginSaysSoAndTheInternalAdminStillSignsIn() {
        slapd.stop();
        // finn has never signed in: nothing remembered, the manager must ask the (gone) directory
        Api.Response r = as("finn@" + DOMAIN, FINN_PASSWORD).send("GET", "api/v1/vms", null);
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(r.body().path("detail").asText()).contains("directory " + DOMAIN).contains("internal users can still sign in");
        assertThat(manager.api().get("api/v1/vms").path("items").findValuesAsText("id")).contains(mine, other);

        browser.get("http://localhost:" + manager.httpPort() + "/login");
        login("finn@" + DOMAIN, FINN_PASSWORD);
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(browser.findElement(By.id("login-error")).getText()).contains(DOMAIN).contains("internal users can still sign in");
        login(ManagerProcess.ADMIN, PASSWORD);
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(By.id("current-user")));
        assertThat(browser.findElement(By.id("current-user")).getText()).contains(ManagerProcess.ADMIN);
    }

    private void login(String user, String password) {
        var name = browser.findElement(By.id("username"));
        name.clear();
        name.sendKeys(user);
        var pass = browser.findElement(By.id("password"));
        pass.clear();
        pass.sendKeys(password);
        browser.findElement(By.id("login")).click();
    }
}
