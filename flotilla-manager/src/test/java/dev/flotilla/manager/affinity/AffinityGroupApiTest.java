package dev.flotilla.manager.affinity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostFacts;
import dev.flotilla.manager.host.HostPresence;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.host.HostStatus;
import dev.flotilla.manager.scheduling.Placement;
import dev.flotilla.manager.scheduling.Scheduler;
import dev.flotilla.manager.scheduling.VmDemand;
import dev.flotilla.manager.vm.ClusterSnapshots;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmStatus;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Affinity groups over real HTTP, and the scheduler honouring them through the snapshot the
 * manager builds from the database (two hosts inserted as Up and connected; no agent needed).
 */
@ManagerTest
class AffinityGroupApiTest {

    @LocalServerPort
    int port;
    @Autowired
    HostRepository hosts;
    @Autowired
    HostPresence presence;
    @Autowired
    VmRepository vms;
    @Autowired
    ClusterRepository clusters;
    @Autowired
    ClusterSnapshots snapshots;
    @Autowired
    Scheduler scheduler;

    ApiClient api() {
        return new ApiClient(port, "admin@internal", "test-pass");
    }

    Host host(UUID cluster, String name) {
        Host h = new Host(UUID.randomUUID(), cluster, name, HostStatus.Up, "", new HostFacts(name, "AMD EPYC", 8, 16384, "simulated",
                "tcg", "", "", "", "10.0.0.1"), null, 0, Instant.now());
        hosts.insert(h);
        presence.connected(h.id(), Instant.now());
        return h;
    }

    Placement place(UUID clusterId, String vmId) {
        var vm = vms.get(UUID.fromString(vmId));
        return scheduler.place(new VmDemand(vm.id(), vm.name(), vm.cpus(), vm.memoryMiB()), snapshots.of(clusters.get(clusterId)));
    }

    @Test
    void groupsAreManagedAndTheSchedulerHonoursThem() {
        String suffix = Long.toHexString(System.nanoTime());
        String dc = api().get("/datacenters").body().path("items").get(0).path("id").asString();
        var cluster = api().post("/clusters", "{\"name\":\"aff-%s\",\"dataCenterId\":\"%s\",\"schedulingPolicy\":\"power_saving\"}"
                .formatted(suffix, dc));
        UUID clusterId = UUID.fromString(cluster.text("id"));
        Host a = host(clusterId, "aff-a-" + suffix);
        Host b = host(clusterId, "aff-b-" + suffix);
        String web1 = api().post("/vms", "{\"name\":\"aff-web1-%s\",\"clusterId\":\"%s\",\"cpus\":1,\"memoryMiB\":512}"
                .formatted(suffix, clusterId)).text("id");
        String web2 = api().post("/vms", "{\"name\":\"aff-web2-%s\",\"clusterId\":\"%s\",\"cpus\":1,\"memoryMiB\":512}"
                .formatted(suffix, clusterId)).text("id");
        assertThat(vms.changeStatus(UUID.fromString(web1), VmStatus.Down, VmStatus.Up, a.id(), "", Instant.now())).isTrue();
        try {
            // power saving packs: without a group web2 joins web1 on host a
            assertThat(place(clusterId, web2).host().orElseThrow().id()).isEqualTo(a.id());

            String path = "/clusters/%s/affinitygroups".formatted(clusterId);
            var bad = api().post(path, "{\"name\":\"bad name!\",\"vmIds\":[\"%s\"],\"hostIds\":[\"%s\"]}"
                    .formatted(UUID.randomUUID(), UUID.randomUUID()));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body().path("errors").findValuesAsString("field")).containsExactlyInAnyOrder("name", "vmIds[0]", "hostIds[0]");

            var apart = api().post(path, "{\"name\":\"apart\",\"positive\":false,\"enforcing\":true,\"vmIds\":[\"%s\",\"%s\"]}"
                    .formatted(web1, web2));
            assertThat(apart.status()).isEqualTo(201);
            assertThat(api().post(path, "{\"name\":\"apart\"}").status()).isEqualTo(409);
            assertThat(api().get(path).body().path("items").findValuesAsString("name")).containsExactly("apart");
            assertThat(api().get(path + "/" + apart.text("id")).body().path("vmIds").size()).isEqualTo(2);

            Placement p = place(clusterId, web2);
            assertThat(p.host().orElseThrow().id()).isEqualTo(b.id());
            assertThat(p.rejections()).extracting(Placement.Rejection::describe)
                    .containsExactly("aff-a-%s: enforcing negative affinity group apart: 1 of its VM(s) run on this host (VmAffinity)".formatted(suffix));

            // a hard VM-to-host rule that contradicts it leaves no host, and says so for each
            var onB = api().patch(path + "/" + apart.text("id"), "{\"positive\":true,\"hostIds\":[\"%s\"],\"version\":0}".formatted(b.id()));
            assertThat(onB.status()).isEqualTo(200);
            Placement none = place(clusterId, web2);
            assertThat(none.host()).isEmpty();
            assertThat(none.rejections()).extracting(Placement.Rejection::filter).containsExactlyInAnyOrder("VmToHostAffinity", "VmAffinity");

            assertThat(api().patch(path + "/" + apart.text("id"), "{\"enforcing\":false,\"version\":0}").status()).isEqualTo(409);
            assertThat(api().patch(path + "/" + apart.text("id"), "{\"enforcing\":false,\"version\":1}").status()).isEqualTo(200);
            // soft now: beside web1 on a (VmAffinity) and packing (power saving) outweigh preferring b (PreferredHosts)
            assertThat(place(clusterId, web2).host().orElseThrow().id()).isEqualTo(a.id());

            // pinned to host b, web2 goes there whatever the soft group prefers
            assertThat(api().put("/vms/%s/pinnedhosts".formatted(web2), "{\"hostIds\":[\"%s\"]}".formatted(b.id())).status()).isEqualTo(200);
            assertThat(api().get("/vms/%s/pinnedhosts".formatted(web2)).body().path("hostIds").get(0).asString()).isEqualTo(b.id().toString());
            assertThat(place(clusterId, web2).host().orElseThrow().id()).isEqualTo(b.id());
            var badPin = api().put("/vms/%s/pinnedhosts".formatted(web2), "{\"hostIds\":[\"%s\"]}".formatted(UUID.randomUUID()));
            assertThat(badPin.status()).isEqualTo(400);
            assertThat(badPin.body().path("errors").get(0).path("field").asString()).isEqualTo("hostIds[0]");
            assertThat(api().put("/vms/%s/pinnedhosts".formatted(web2), "{\"hostIds\":[]}").body().path("hostIds").size()).isZero();
            assertThat(api().delete(path + "/" + apart.text("id")).status()).isEqualTo(204);
            assertThat(api().get(path + "/" + apart.text("id")).status()).isEqualTo(404);
        } finally {
            vms.changeStatus(UUID.fromString(web1), VmStatus.Up, VmStatus.Down, null, "", Instant.now());
            api().delete("/vms/" + web1);
            api().delete("/vms/" + web2);
            presence.forget(a.id());
            presence.forget(b.id());
            hosts.delete(a.id());
            hosts.delete(b.id());
            api().delete("/clusters/" + clusterId);
        }
    }
}
