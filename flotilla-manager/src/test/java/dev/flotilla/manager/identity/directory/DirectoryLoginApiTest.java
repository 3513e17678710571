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
    void anUnreachableDirectoryOrAWrongBindPasswordSaysSoAndInternalUsersStillSignIn() throws Exception {
        String down = "down" + Long.toHexString(System.nanoTime()) + ".test";
        int dead;
        try (var s = new java.net.ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        String id = domain(down, dead, "Reader-Pass-1");
        var r = new ApiClient(port, "dora@" + down, "Dora-Pass-1").get("/vms");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.text("detail")).contains(down).contains("internal users can still sign in");
        assertThat(admin().get("/vms").status()).isEqualTo(200);
        assertThat(admin().post("/domains/" + id + "/test", null).body().path("ok").asBoolean()).isFalse();

        String badBind = "bind" + Long.toHexString(System.nanoTime()) + ".test";
        domain(badBind, ldap.getListenPort(), "not-the-password");
        var refused = new ApiClient(port, "dora@" + badBind, "Dora-Pass-1").get("/vms");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.text("detail")).contains("refused its bind user");
    }

    @Test
    void badDomainInputNamesTheFields() {
        var r = admin().post("/domains", "{\"name\":\"internal\",\"profile\":\"novell\",\"servers\":[],\"baseDn\":\"not a dn\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("errors").findValuesAsString("field")).contains("name", "profile", "servers", "baseDn");
    }
}
