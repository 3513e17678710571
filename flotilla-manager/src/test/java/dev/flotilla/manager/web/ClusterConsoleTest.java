package dev.flotilla.manager.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.affinity.AffinityGroupRepository;
import dev.flotilla.manager.affinity.AffinityGroupService;
import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.datacenter.Cluster;
import dev.flotilla.manager.datacenter.ClusterInput;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.datacenter.ClusterService;
import dev.flotilla.manager.datacenter.DataCenterRepository;
import dev.flotilla.manager.events.EventRepository;
import dev.flotilla.manager.events.ObjectType;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostFacts;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.host.HostStatus;
import dev.flotilla.manager.migration.ClusterMigrationDefaults;
import dev.flotilla.manager.scheduling.AffinityGroup;
import dev.flotilla.manager.vm.VmInput;
import dev.flotilla.manager.vm.VmResponse;
import dev.flotilla.manager.vm.VmService;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The cluster page's forms over real HTTP with a session and CSRF token: scheduling policy and
 * parameters, migration defaults, affinity groups, and the VM page's pinned hosts. Each test has
 * its own cluster so the Default one stays as other tests expect it.
 */
@ManagerTest
class ClusterConsoleTest {

    @LocalServerPort
    int port;
    @Autowired
    ClusterService clusterService;
    @Autowired
    ClusterRepository clusters;
    @Autowired
    DataCenterRepository dataCenters;
    @Autowired
    HostRepository hosts;
    @Autowired
    VmService vms;
    @Autowired
    AffinityGroupRepository groups;
    @Autowired
    AffinityGroupService pins;
    @Autowired
    ClusterMigrationDefaults migrationDefaults;
    @Autowired
    EventRepository events;

    private ConsoleBrowser browser;
    private Cluster cluster;
    private final List<UUID> madeHosts = new ArrayList<>();
    private final List<UUID> madeVms = new ArrayList<>();

    @BeforeEach
    void signIn() throws Exception {
        browser = new ConsoleBrowser(port).signedIn();
        UUID dc = dataCenters.findByName("Default").orElseThrow().id();
        cluster = clusterService.create(new ClusterInput("web-c-" + Long.toHexString(System.nanoTime()), dc, null, null, null, null, null,
                null, null));
    }

    /** The database is shared by every test class: leave no host, VM or cluster behind for them to trip over. */
    @AfterEach
    void cleanUp() {
        groups.inCluster(cluster.id()).forEach(g -> pins.delete(cluster.id(), g.id()));
        madeVms.forEach(vms::delete);
        madeHosts.forEach(hosts::delete);
        clusterService.delete(cluster.id());
    }

    @Test
    void thePolicyAndAParameterChangeThroughTheForm() throws Exception {
        String path = "/clusters/" + cluster.id();
        String page = browser.get(path).body();
        assertThat(page).contains("id=\"parameter-HighUtilization\"", "id=\"migration-table\"", "id=\"affinity-empty\"",
                "id=\"resiliencePolicy\"", "value=\"migrate_highly_available\"");

        HttpResponse<String> saved = browser.post(path + "/scheduling", page, "version", String.valueOf(cluster.version()),
                "schedulingPolicy", "evenly_distributed", "param.HighUtilization", "70", "param.LowUtilization", "",
                "memoryOvercommitPercent", "150", "cpuOvercommitPercent", "400", "cpuModel", "AMD EPYC",
                "resiliencePolicy", "migrate_highly_available");

        assertThat(saved.body()).contains("now schedules with policy evenly_distributed");
        Cluster after = clusters.get(cluster.id());
        assertThat(after.schedulingPolicy()).isEqualTo("evenly_distributed");
        assertThat(after.schedulingPolicyParameters()).isEqualTo(Map.of("HighUtilization", 70));
        assertThat(after.memoryOvercommitPercent()).isEqualTo(150);
        assertThat(after.cpuModel()).isEqualTo("AMD EPYC");
        assertThat(after.resiliencePolicy()).isEqualTo("migrate_highly_available");
        assertThat(events.find(cluster.id(), ObjectType.CLUSTER, new PageRequest(0, 10)).items())
                .anySatisfy(e -> assertThat(e.message()).contains("was updated"));
    }

    @Test
    void aBadParameterShowsItsFieldErrorAndChangesNothing() throws Exception {
        String path = "/clusters/" + cluster.id();
        String page = browser.get(path).body();

        HttpResponse<String> refused = browser.post(path + "/scheduling", page, "version", String.valueOf(cluster.version()),
                "schedulingPolicy", "power_saving", "param.HighUtilization", "500", "param.MigrationThreshold", "many",
                "memoryOvercommitPercent", "100", "cpuOvercommitPercent", "400", "cpuModel", "");

        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"scheduling-error\"", "id=\"error-schedulingPolicyParameters.MigrationThreshold\"",
                "is not a whole number").doesNotContain("Exception");
        Cluster after = clusters.get(cluster.id());
        assertThat(after.version()).isEqualTo(cluster.version());
        assertThat(after.schedulingPolicy()).isEqualTo("none");

        HttpResponse<String> outOfRange = browser.post(path + "/scheduling", refused.body(), "version", String.valueOf(cluster.version()),
                "schedulingPolicy", "power_saving", "param.HighUtilization", "500", "memoryOvercommitPercent", "100",
                "cpuOvercommitPercent", "400");
        assertThat(outOfRange.body()).contains("id=\"error-schedulingPolicyParameters.HighUtilization\"", "value=\"500\"");
        assertThat(clusters.get(cluster.id()).version()).isEqualTo(cluster.version());

        HttpResponse<String> stale = browser.post(path + "/scheduling", page, "version", String.valueOf(cluster.version() + 7),
                "schedulingPolicy", "power_saving");
        assertThat(stale.body()).contains("id=\"scheduling-error\"");
        assertThat(clusters.get(cluster.id()).schedulingPolicy()).isEqualTo("none");
    }

    @Test
    void migrationDefaultsAreSetAndShownOwnAndEffective() throws Exception {
        String path = "/clusters/" + cluster.id();
        HttpResponse<String> saved = browser.post(path + "/migration", browser.get(path).body(), "maxDowntimeMs", "40",
                "bandwidthMiBps", "", "autoConverge", "true", "postCopy", "");
        assertThat(saved.body()).contains("Migration defaults of cluster", "40 ms");
        ClusterMigrationDefaults.View v = migrationDefaults.get(cluster.id());
        assertThat(v.own().maxDowntimeMs()).isEqualTo(40);
        assertThat(v.own().bandwidthMiBps()).isNull();
        assertThat(v.own().autoConverge()).isTrue();
        assertThat(v.effective().maxDowntimeMs()).isEqualTo(40);

        HttpResponse<String> bad = browser.post(path + "/migration", saved.body(), "maxDowntimeMs", "0");
        assertThat(bad.body()).contains("id=\"migration-error\"", "id=\"error-maxDowntimeMs\"");
        assertThat(migrationDefaults.get(cluster.id()).own().maxDowntimeMs()).isEqualTo(40);
    }

    @Test
    void affinityGroupsAreCreatedChangedAndDeleted() throws Exception {
        Host a = host("web-aff-a");
        VmResponse vm1 = vm("web-aff-1");
        VmResponse vm2 = vm("web-aff-2");
        String path = "/clusters/" + cluster.id();

        HttpResponse<String> created = browser.post(path + "/affinitygroups", browser.get(path).body(), "name", "apart",
                "positive", "false", "enforcing", "true", "vmIds", vm1.id().toString(), "vmIds", vm2.id().toString(), "description", "spread");
        assertThat(created.body()).contains("Affinity group apart was created", "id=\"affinity-row-apart\"");
        AffinityGroup g = groups.inCluster(cluster.id()).get(0);
        assertThat(g.positive()).isFalse();
        assertThat(g.vmIds()).containsExactlyInAnyOrder(vm1.id(), vm2.id());

        HttpResponse<String> changed = browser.post(path + "/affinitygroups/" + g.id(), created.body(), "version", String.valueOf(g.version()),
                "positive", "true", "enforcing", "false", "vmIds", vm1.id().toString(), "hostIds", a.id().toString(), "description", "");
        assertThat(changed.body()).contains("Affinity group apart was updated");
        AffinityGroup after = groups.inCluster(cluster.id()).get(0);
        assertThat(after.positive()).isTrue();
        assertThat(after.enforcing()).isFalse();
        assertThat(after.vmIds()).containsExactly(vm1.id());
        assertThat(after.hostIds()).containsExactly(a.id());

        HttpResponse<String> duplicate = browser.post(path + "/affinitygroups", changed.body(), "name", "apart");
        assertThat(duplicate.body()).contains("id=\"new-group-error\"", "already");
        HttpResponse<String> nameless = browser.post(path + "/affinitygroups", changed.body(), "name", "");
        assertThat(nameless.body()).contains("id=\"error-name\"");
        assertThat(groups.inCluster(cluster.id())).hasSize(1);

        HttpResponse<String> deleted = browser.post(path + "/affinitygroups/" + g.id() + "/delete", changed.body());
        assertThat(deleted.body()).contains("Affinity group was deleted", "id=\"affinity-empty\"");
        assertThat(groups.inCluster(cluster.id())).isEmpty();
        HttpResponse<String> again = browser.post(path + "/affinitygroups/" + g.id() + "/delete", deleted.body());
        assertThat(again.body()).contains("id=\"cluster-alert\"", "pf-m-danger");
    }

    @Test
    void aVmIsPinnedAndUnpinnedFromItsPage() throws Exception {
        Host a = host("web-pin-a");
        Host b = host("web-pin-b");
        VmResponse vm = vm("web-pin-vm");
        String path = "/vms/" + vm.id();
        String page = browser.get(path).body();
        assertThat(page).contains("id=\"vm-pinned-hosts\"", "Not pinned");

        HttpResponse<String> pinned = browser.post(path + "/pins", page, "hostIds", a.id().toString(), "hostIds", b.id().toString());
        assertThat(pinned.body()).contains("pinned to 2 host(s)");
        assertThat(pins.pinnedHosts(vm.id())).containsExactlyInAnyOrder(a.id(), b.id());

        HttpResponse<String> foreign = browser.post(path + "/pins", pinned.body(), "hostIds", UUID.randomUUID().toString());
        assertThat(foreign.body()).contains("id=\"vm-pins-error\"");
        assertThat(pins.pinnedHosts(vm.id())).hasSize(2);

        HttpResponse<String> unpinned = browser.post(path + "/pins", foreign.body());
        assertThat(unpinned.body()).contains("pinned to no host");
        assertThat(pins.pinnedHosts(vm.id())).isEmpty();
    }

    @Test
    void aClusterIsCreatedRenamedAndDeletedFromTheConsole() throws Exception {
        String name = "web-new-" + Long.toHexString(System.nanoTime());
        String list = browser.get("/clusters").body();
        assertThat(list).contains("id=\"new-cluster-form\"", "/clusters/" + cluster.id());
        UUID dc = dataCenters.findByName("Default").orElseThrow().id();

        HttpResponse<String> created = browser.post("/clusters", list, "name", name, "dataCenterId", dc.toString(),
                "schedulingPolicy", "vm_evenly_distributed", "description", "from the console");
        Cluster made = clusters.findByName(name).orElseThrow();
        assertThat(created.uri().getPath()).isEqualTo("/clusters/" + made.id());
        assertThat(created.body()).contains("Cluster " + name + " was created", "id=\"parameter-HighVmCount\"");
        assertThat(made.schedulingPolicy()).isEqualTo("vm_evenly_distributed");

        HttpResponse<String> duplicate = browser.post("/clusters", list, "name", name, "dataCenterId", dc.toString());
        assertThat(duplicate.body()).contains("id=\"new-cluster-error\"", "already exists");
        HttpResponse<String> badDc = browser.post("/clusters", list, "name", name + "x", "dataCenterId", "nonsense");
        assertThat(badDc.body()).contains("id=\"error-dataCenterId\"");

        HttpResponse<String> renamed = browser.post("/clusters/" + made.id() + "/scheduling", created.body(), "version",
                String.valueOf(made.version()), "name", name + "-r", "schedulingPolicy", "vm_evenly_distributed");
        assertThat(renamed.body()).contains("id=\"cluster-name\">" + name + "-r<");

        host("web-keeps");
        HttpResponse<String> refused = browser.post("/clusters/" + cluster.id() + "/delete", renamed.body());
        assertThat(refused.body()).contains("id=\"delete-error\"", "still has");
        assertThat(clusters.find(cluster.id())).isPresent();

        HttpResponse<String> deleted = browser.post("/clusters/" + made.id() + "/delete", renamed.body());
        assertThat(deleted.uri().getPath()).isEqualTo("/clusters");
        assertThat(deleted.body()).contains("Cluster " + name + "-r was deleted");
        assertThat(clusters.find(made.id())).isEmpty();
    }

    private Host host(String name) {
        String unique = name + "-" + Long.toHexString(System.nanoTime());
        // in maintenance, so that no other test's scheduling could pick it while it exists
        Host h = new Host(UUID.randomUUID(), cluster.id(), unique, HostStatus.Maintenance, "", new HostFacts(unique, "AMD EPYC", 8, 16384, "simulated",
                "tcg", "", "", "", "10.0.0.1"), null, 0, Instant.now());
        hosts.insert(h);
        madeHosts.add(h.id());
        return h;
    }

    private VmResponse vm(String name) {
        VmResponse vm = vms.create(new VmInput(name + "-" + Long.toHexString(System.nanoTime()), cluster.id(), 1, 64L, false, "", null, null));
        madeVms.add(vm.id());
        return vm;
    }
}
