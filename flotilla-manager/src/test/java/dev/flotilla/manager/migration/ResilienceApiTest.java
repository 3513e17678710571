package dev.flotilla.manager.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.manager.storage.AnsweringHost;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.DomainHealth;
import dev.flotilla.protocol.v1.MigrationOutcome;
import dev.flotilla.protocol.v1.StorageAnswer;
import dev.flotilla.protocol.v1.VolumeSize;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The cluster resilience policy in the real manager, with two fake hosts whose heartbeats report a
 * shared domain as told: host b stops reading it while a reads it, so b goes NonOperational; with
 * the default policy the VM without disks is migrated to a with an event saying why, and the VM
 * whose disk lives on the unread domain stays with the reason; with do_not_migrate nothing moves.
 * The policy is a field of the cluster (400 naming it when unknown).
 */
@ManagerTest
class ResilienceApiTest {

    private static final long GIB = 1L << 30;

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    ApiClient api;
    AnsweringHost a;
    AnsweringHost b;
    String cluster;

    @BeforeEach
    void hosts() throws Exception {
        api = new ApiClient(port, "admin@internal", "test-pass");
        a = new AnsweringHost(context, api, "res-a");
        b = new AnsweringHost(context, api, "res-b");
        for (AnsweringHost h : List.of(a, b)) {
            // storage calls answer with space and a volume; a migration's target listens and its source reports figures, as agents do
            h.answer = c -> c.hasPrepareIncoming() ? CommandResult.newBuilder().setOk(true).setIncomingPort(49152)
                    : c.hasMigrateVm() ? CommandResult.newBuilder().setOk(true)
                            .setMigration(MigrationOutcome.newBuilder().setDowntimeMs(5).setTotalTimeMs(300))
                    : CommandResult.newBuilder().setOk(true).setStorage(StorageAnswer.newBuilder().setTotalBytes(100 * GIB)
                            .setFreeBytes(60 * GIB).setSummary("ok").setVolume(VolumeSize.newBuilder().setVirtualBytes(GIB).setActualBytes(GIB)));
        }
        cluster = api.get("/hosts/" + b.id).text("clusterId");
    }

    @AfterEach
    void close() throws Exception {
        setPolicy("migrate");
        a.close();
        b.close();
    }

    @Test
    void theDefaultPolicyMovesTheVmsThatCanMoveAndSaysWhyTheOthersStay() throws Exception {
        assertThat(api.get("/clusters/" + cluster).text("resiliencePolicy")).isEqualTo("migrate");
        String domain = nfsDomain();
        String free = vmOnB("res-free", null);
        String onDisk = vmOnB("res-disk", domain);

        cut(domain);

        await("the diskless VM moved to host a", () -> api.get("/vms/" + free).body(),
                v -> a.id.equals(v.path("hostId").asString()) && "Up".equals(v.path("status").asString()));
        assertThat(b.asked(Command.ActionCase.MIGRATE_VM)).extracting(c -> c.getMigrateVm().getVmId()).containsExactly(free);
        assertThat(messages(free)).anySatisfy(m -> assertThat(m).contains("is migrated away from host " + hostName(b),
                "is NonOperational and the cluster's resilience policy is migrate"));
        List<String> stays = await("the event of the VM that stays", () -> api.get("/events?size=200&objectId=" + onDisk).body(),
                e -> e.path("items").findValuesAsString("message").stream().anyMatch(m -> m.contains("stays on NonOperational host")))
                .path("items").findValuesAsString("message");
        assertThat(stays).filteredOn(m -> m.contains("stays on NonOperational host")).singleElement().asString()
                .contains("its disk res-disk-disk is on storage domain", "which host " + hostName(b) + " cannot read", "switch-over");
        assertThat(api.get("/vms/" + onDisk).text("hostId")).isEqualTo(b.id);
    }

    @Test
    void doNotMigrateKeepsTheVmsWithAnEventAndAnUnknownPolicyIsRefused() throws Exception {
        var wrong = api.patch("/clusters/" + cluster, "{\"resiliencePolicy\": \"sometimes\", \"version\": %d}"
                .formatted(api.get("/clusters/" + cluster).body().path("version").asLong()));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().path("errors").path(0).path("field").asString()).isEqualTo("resiliencePolicy");
        assertThat(wrong.body().toString()).contains("migrate_highly_available");
        setPolicy("do_not_migrate");
        assertThat(api.get("/clusters/" + cluster).text("resiliencePolicy")).isEqualTo("do_not_migrate");
        String domain = nfsDomain();
        String free = vmOnB("res-kept", null);

        cut(domain);

        await("the event of the VM kept", () -> api.get("/events?size=200&objectId=" + free).body(),
                e -> e.path("items").findValuesAsString("message").stream().anyMatch(m -> m.contains("the cluster's resilience policy is do_not_migrate")));
        assertThat(b.asked(Command.ActionCase.MIGRATE_VM)).isEmpty();
        assertThat(api.get("/vms/" + free).text("hostId")).isEqualTo(b.id);
    }

    private void cut(String domain) throws InterruptedException {
        a.domains = List.of(health(domain, true));
        b.domains = List.of(health(domain, false));
        await("host b NonOperational", () -> api.get("/hosts/" + b.id).body(), h -> "NonOperational".equals(h.path("status").asString()));
    }

    private void setPolicy(String policy) {
        long version = api.get("/clusters/" + cluster).body().path("version").asLong();
        var set = api.patch("/clusters/" + cluster, "{\"resiliencePolicy\": \"%s\", \"version\": %d}".formatted(policy, version));
        assertThat(set.status()).as(set.body().toString()).isEqualTo(200);
    }

    /** A VM started on host b (pinned there for the start, then free to move), with a disk on {@code domain} if given. */
    private String vmOnB(String prefix, String domain) throws InterruptedException {
        String name = prefix + "-" + Long.toHexString(System.nanoTime());
        var created = api.post("/vms", "{\"name\": \"%s\", \"cpus\": 1, \"memoryMiB\": 64}".formatted(name));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String vm = created.text("id");
        if (domain != null) {
            var disk = api.post("/disks", "{\"name\": \"%s-disk\", \"storageDomainId\": \"%s\", \"sizeBytes\": %d}".formatted(prefix, domain, GIB));
            assertThat(disk.status()).as(disk.body().toString()).isEqualTo(201);
            assertThat(api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\"}".formatted(disk.text("id"))).status()).isEqualTo(201);
        }
        assertThat(api.put("/vms/" + vm + "/pinnedhosts", "{\"hostIds\": [\"%s\"]}".formatted(b.id)).status()).isEqualTo(200);
        assertThat(api.post("/vms/" + vm + "/start", null).status()).isLessThan(300);
        await("VM " + name + " Up on host b", () -> api.get("/vms/" + vm).body(),
                v -> "Up".equals(v.path("status").asString()) && b.id.equals(v.path("hostId").asString()));
        assertThat(api.put("/vms/" + vm + "/pinnedhosts", "{\"hostIds\": []}").status()).isEqualTo(200);
        return vm;
    }

    /** An Active nfs domain, checked by host a when made. */
    private String nfsDomain() {
        var created = api.post("/storagedomains", """
                {"name": "res-%s", "type": "nfs", "hostId": "%s", "nfs": {"server": "10.213.0.10", "export": "/export"}}"""
                .formatted(Long.toHexString(System.nanoTime()), a.id));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("id");
    }

    private static DomainHealth health(String domain, boolean valid) {
        return DomainHealth.newBuilder().setDomainId(domain).setChecked(true).setValid(valid).setLastCheckDelayMs(valid ? 7 : 3000)
                .setLastCheckAgeMs(100).setError(valid ? "" : "no answer from nfs 10.213.0.10:/export for 12 s (timeout 10 s)").build();
    }

    private String hostName(AnsweringHost h) {
        return api.get("/hosts/" + h.id).text("name");
    }

    private List<String> messages(String objectId) {
        return api.get("/events?size=200&objectId=" + objectId).body().path("items").findValuesAsString("message");
    }

    private static JsonNode await(String what, java.util.function.Supplier<JsonNode> read, Predicate<JsonNode> wanted)
            throws InterruptedException {
        return AnsweringHost.await(what, read, wanted);
    }
}
