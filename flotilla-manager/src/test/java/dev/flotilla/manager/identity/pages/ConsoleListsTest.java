package dev.flotilla.manager.identity.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostFacts;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.host.HostStatus;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.jobs.Jobs;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console's list pages show a caller only what it may see, as the API's lists do: a cluster
 * admin of one cluster sees that cluster, its hosts, its VMs and their jobs on the pages, not the rest.
 */
@ManagerTest
class ConsoleListsTest {

    static final String PASSWORD = "Lists-Pass-9";

    @LocalServerPort
    int port;
    @Autowired
    HostRepository hosts;
    @Autowired
    Jobs jobs;

    ApiClient admin() {
        return new ApiClient(port, "admin@internal", "test-pass");
    }

    UUID host(UUID clusterId, String name) {
        UUID id = UUID.randomUUID();
        hosts.insert(new Host(id, clusterId, name, HostStatus.Maintenance, "", HostFacts.UNKNOWN, null, 0, java.time.Instant.now()));
        return id;
    }

    @Test
    void aClusterAdminSeesOnlyItsClusterAndWhatIsInItOnEveryListPage() throws Exception {
        String tag = Long.toHexString(System.nanoTime());
        String dc = admin().get("/datacenters?name=Default").body().path("items").path(0).path("id").asText();
        UUID defaultCluster = UUID.fromString(admin().get("/clusters?name=Default").body().path("items").path(0).path("id").asText());
        var cluster = admin().post("/clusters", "{\"name\":\"lists-%s\",\"dataCenterId\":\"%s\"}".formatted(tag, dc));
        assertThat(cluster.status()).as(cluster.body().toString()).isEqualTo(201);
        UUID mine = UUID.fromString(cluster.text("id"));
        String in = admin().post("/vms", "{\"name\":\"in-%s\",\"clusterId\":\"%s\"}".formatted(tag, mine)).text("id");
        String out = admin().post("/vms", "{\"name\":\"out-%s\",\"clusterId\":\"%s\"}".formatted(tag, defaultCluster)).text("id");
        jobs.start("job-in-" + tag, ObjectRef.vm(UUID.fromString(in), "in-" + tag)).finish();
        jobs.start("job-out-" + tag, ObjectRef.vm(UUID.fromString(out), "out-" + tag)).finish();
        host(mine, "hin-" + tag);
        host(defaultCluster, "hout-" + tag);
        String user = "lists" + tag;
        assertThat(admin().post("/users", "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(user, PASSWORD)).status()).isEqualTo(201);
        var granted = admin().post("/clusters/" + mine + "/permissions", "{\"user\":\"%s\",\"role\":\"ClusterAdmin\"}".formatted(user));
        assertThat(granted.status()).as(granted.body().toString()).isEqualTo(201);

        IdentityConsoleTest pages = new IdentityConsoleTest();
        pages.port = port;
        IdentityConsoleTest.Browser b = pages.new Browser();
        assertThat(b.login(user + "@internal", PASSWORD).uri().getPath()).isEqualTo("/");
        for (String page : new String[] {"/vms", "/vms/table"}) {
            assertThat(b.get(page).body()).as(page).contains("vm-row-in-" + tag).doesNotContain("out-" + tag);
        }
        for (String page : new String[] {"/hosts", "/hosts/table"}) {
            assertThat(b.get(page).body()).as(page).contains("host-row-hin-" + tag).doesNotContain("hout-" + tag);
        }
        assertThat(b.get("/clusters").body()).contains("cluster-row-lists-" + tag).doesNotContain("cluster-row-Default");
        assertThat(b.get("/events").body()).doesNotContain("out-" + tag);
        assertThat(b.get("/jobs").body()).contains("job-in-" + tag).doesNotContain("job-out-" + tag);
        assertThat(b.get("/").body()).doesNotContain(">Default<");

        // the same cut as the API's lists
        ApiClient api = new ApiClient(port, user + "@internal", PASSWORD);
        assertThat(api.get("/vms").body().path("items").findValuesAsString("name")).contains("in-" + tag).doesNotContain("out-" + tag);
        assertThat(api.get("/hosts").body().path("items").findValuesAsString("name")).containsExactly("hin-" + tag);
        assertThat(api.get("/jobs").body().path("items").findValuesAsString("description")).contains("job-in-" + tag)
                .doesNotContain("job-out-" + tag);

        // an admin still sees everything
        IdentityConsoleTest.Browser a = pages.new Browser();
        a.login("admin@internal", "test-pass");
        assertThat(a.get("/vms").body()).contains("vm-row-in-" + tag, "vm-row-out-" + tag);
        assertThat(a.get("/hosts").body()).contains("host-row-hin-" + tag, "host-row-hout-" + tag);
    }
}
