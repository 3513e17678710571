package dev.flotilla.manager.identity.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A directory domain configured through the API; its users sign in as user@domain and get their groups' roles. */
@ManagerTest
class DirectoryLoginApiTest {

    static final String BASE = "dc=lab,dc=test";
    static InMemoryDirectoryServer ldap;

    @LocalServerPort
    int port;

    @BeforeAll
    static void start() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
        config.addAdditionalBindCredentials("cn=reader," + BASE, "Reader-Pass-1");
        config.setSchema(null);
        ldap = new InMemoryDirectoryServer(config);
        ldap.add("dn: " + BASE, "objectClass: domain", "dc: lab");
        ldap.add("dn: ou=people," + BASE, "objectClass: organizationalUnit", "ou: people");
        ldap.add("dn: ou=groups," + BASE, "objectClass: organizationalUnit", "ou: groups");
        ldap.add("dn: uid=dora,ou=people," + BASE, "objectClass: inetOrgPerson", "uid: dora", "cn: Dora Lee", "sn: Lee",
                "userPassword: Dora-Pass-1", "memberOf: cn=auditors,ou=groups," + BASE);
        ldap.add("dn: cn=auditors,ou=groups," + BASE, "objectClass: groupOfNames", "cn: auditors", "member: uid=dora,ou=people," + BASE);
        ldap.startListening();
    }

    @AfterAll
    static void stop() {
        ldap.shutDown(true);
    }

    ApiClient admin() {
        return new ApiClient(port, "admin@internal", "test-pass");
    }

    String domain(String name, int port, String bindPassword) {
        var r = admin().post("/domains", """
                {"name":"%s","profile":"openldap","servers":["127.0.0.1:%d"],"bindDn":"cn=reader,%s","bindPassword":"%s","baseDn":"%s"}"""
                .formatted(name, port, BASE, bindPassword, BASE));
        assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
        assertThat(r.body().has("bindPassword")).isFalse();
        return r.text("id");
    }

    @Test
    void aDirectoryUserSignsInAndHoldsItsGroupsRole() {
        String name = "lab" + Long.toHexString(System.nanoTime()) + ".test";
        domain(name, ldap.getListenPort(), "Reader-Pass-1");
        ApiClient dora = new ApiClient(port, "dora@" + name, "Dora-Pass-1");
        var before = dora.get("/vms");
        assertThat(before.status()).isEqualTo(403);
        assertThat(before.text("actionGroup")).isEqualTo("login");

        var granted = admin().post("/permissions", "{\"group\":\"auditors@%s\",\"role\":\"ReadOnlyAdmin\",\"objectType\":\"system\"}".formatted(name));
        assertThat(granted.status()).as(granted.body().toString()).isEqualTo(201);
        assertThat(dora.get("/vms").status()).isEqualTo(200);
        var refused = dora.post("/vms", "{\"name\":\"nope\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("actionGroup")).isEqualTo("create_vm");
        assertThat(admin().get("/users").body().path("items").findValuesAsString("username")).contains("dora@" + name);

        assertThat(new ApiClient(port, "dora@" + name, "wrong-Pass-1").get("/vms").status()).isEqualTo(401);
        assertThat(new ApiClient(port, "*@" + name, "Dora-Pass-1").get("/vms").status()).isEqualTo(401);
        assertThat(new ApiClient(port, "dora)(uid=*@" + name, "Dora-Pass-1").get("/vms").status()).isEqualTo(401);
    }

    @Test
    void aDirectoryThatGoesDownSaysSoAtLoginAndInternalUsersStillSignIn() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", 0));
        config.addAdditionalBindCredentials("cn=reader," + BASE, "Reader-Pass-1");
        config.setSchema(null);
        InMemoryDirectoryServer doomed = new InMemoryDirectoryServer(config);
        doomed.add("dn: " + BASE, "objectClass: domain", "dc: lab");
        doomed.startListening();
        String down = "down" + Long.toHexString(System.nanoTime()) + ".test";
        String id = domain(down, doomed.getListenPort(), "Reader-Pass-1");
        doomed.shutDown(true);

        var r = new ApiClient(port, "dora@" + down, "Dora-Pass-1").get("/vms");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.text("detail")).contains(down).contains("internal users can still sign in");
        assertThat(admin().get("/vms").status()).isEqualTo(200);
        assertThat(admin().post("/domains/" + id + "/test", null).body().path("ok").asBoolean()).isFalse();
    }

    @Test
    void aWrongBindPasswordOrADeadServerIsRefusedWhenTheDomainIsAddedAndNothingIsSaved() throws Exception {
        String badBind = "bind" + Long.toHexString(System.nanoTime()) + ".test";
        var refused = admin().post("/domains", """
                {"name":"%s","profile":"openldap","servers":["127.0.0.1:%d"],"bindDn":"cn=reader,%s","bindPassword":"nope","baseDn":"%s"}"""
                .formatted(badBind, ldap.getListenPort(), BASE, BASE));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("errors").findValuesAsString("field")).containsExactly("bindPassword");
        assertThat(refused.text("detail")).contains("invalid credentials").contains("nothing was saved");

        int dead;
        try (var s = new java.net.ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        var unreachable = admin().post("/domains", """
                {"name":"%s","profile":"openldap","servers":["127.0.0.1:%d"],"baseDn":"%s"}""".formatted(badBind, dead, BASE));
        assertThat(unreachable.status()).isEqualTo(400);
        assertThat(unreachable.body().path("errors").findValuesAsString("field")).containsExactly("servers");
        assertThat(admin().get("/domains").body().path("items").findValuesAsString("name")).doesNotContain(badBind);
        assertThat(new ApiClient(port, "dora@" + badBind, "Dora-Pass-1").get("/vms").status()).isEqualTo(401);
    }

    @Test
    void aDirectoryGroupGetsARoleBeforeAnyMemberSignedInAndControlCharactersInANameAreAWrongName() {
        String name = "pre" + Long.toHexString(System.nanoTime()) + ".test";
        domain(name, ldap.getListenPort(), "Reader-Pass-1");
        var granted = admin().post("/permissions", "{\"group\":\"auditors@%s\",\"role\":\"ReadOnlyAdmin\",\"objectType\":\"system\"}".formatted(name));
        assertThat(granted.status()).as(granted.body().toString()).isEqualTo(201);
        var unknown = admin().post("/permissions", "{\"group\":\"nobody-here@%s\",\"role\":\"ReadOnlyAdmin\",\"objectType\":\"system\"}".formatted(name));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("errors").findValuesAsString("field")).containsExactly("group");
        assertThat(new ApiClient(port, "dora@" + name, "Dora-Pass-1").get("/vms").status()).isEqualTo(200);

        assertThat(new ApiClient(port, "dora\u0000@" + name, "Dora-Pass-1").get("/vms").status()).isEqualTo(401);
        assertThat(new ApiClient(port, "admin\u0000@internal", "test-pass").get("/vms").status()).isEqualTo(401);
        assertThat(new ApiClient(port, "admin\n@internal", "test-pass").get("/vms").status()).isEqualTo(401);
    }

    @Test
    void badDomainInputNamesTheFields() {
        var r = admin().post("/domains", "{\"name\":\"internal\",\"profile\":\"novell\",\"servers\":[],\"baseDn\":\"not a dn\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("errors").findValuesAsString("field")).contains("name", "profile", "servers", "baseDn");
    }
}
