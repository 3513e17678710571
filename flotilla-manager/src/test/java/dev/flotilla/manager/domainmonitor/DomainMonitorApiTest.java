package dev.flotilla.manager.domainmonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.manager.storage.AnsweringHost;
import dev.flotilla.manager.web.ConsolePages;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.DomainHealth;
import dev.flotilla.protocol.v1.StorageAnswer;
import dev.flotilla.protocol.v1.WatchDomains;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The monitor end to end in the real manager, with two fake hosts whose heartbeats report the
 * domain as told: both are told to watch it; one that cannot read it while the other can goes
 * NonOperational naming it and comes back Up; when neither can the domain goes Inactive and comes
 * back Active; the API and the console pages show each host's last check.
 */
@ManagerTest
class DomainMonitorApiTest {


    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    ApiClient api;
    AnsweringHost a;
    AnsweringHost b;

    @BeforeEach
    void hosts() throws Exception {
        api = new ApiClient(port, "admin@internal", "test-pass");
        a = new AnsweringHost(context, api, "mon-a");
        b = new AnsweringHost(context, api, "mon-b");
    }

    @AfterEach
    void close() throws Exception {
        a.close();
        b.close();
    }

    @Test
    void aHostThatCannotReadADomainTheOtherReadsGoesNonOperationalAndComesBack() throws Exception {
        String domain = nfsDomain();
        String name = api.get("/storagedomains/" + domain).text("name");
        for (AnsweringHost h : List.of(a, b)) {
            WatchDomains told = awaitWatch(h, domain);
            assertThat(told.getCheckIntervalMs()).isEqualTo(10_000);
            assertThat(told.getDomainsList()).filteredOn(d -> d.getDomainId().equals(domain))
                    .singleElement().satisfies(d -> assertThat(d.getNfs().getServer()).isEqualTo("10.213.0.10"));
        }
        a.domains = List.of(valid(domain));
        b.domains = List.of(invalid(domain, "the NFS server 10.213.0.10 does not answer on port 111"));

        JsonNode cut = await("host b NonOperational", () -> api.get("/hosts/" + b.id).body(),
                h -> "NonOperational".equals(h.path("status").asString()));

        assertThat(cut.path("statusReason").asString()).startsWith("cannot reach storage domain " + name + " (the NFS server")
                .contains("reads it");
        assertThat(cut.path("storageDomains").path(0).path("valid").asBoolean()).isFalse();
        assertThat(cut.path("storageDomains").path(0).path("domainName").asString()).isEqualTo(name);
        assertThat(cut.path("storageDomains").path(0).path("invalidSince").asString()).isNotEmpty();
        JsonNode seen = api.get("/storagedomains/" + domain).body();
        assertThat(seen.path("status").asString()).isEqualTo("Active");
        assertThat(seen.path("totalBytes").asLong()).isEqualTo(200L << 30);
        assertThat(seen.path("freeBytes").asLong()).as("the space comes from the reports").isEqualTo(150L << 30);
        assertThat(seen.path("monitor").findValuesAsString("error")).contains("", "the NFS server 10.213.0.10 does not answer on port 111");
        String hostPage = ConsolePages.page(port, "/hosts/" + b.id);
        assertThat(hostPage).contains("host-domain-checks", "domain-check-row", "Invalid", "does not answer on port 111");
        assertThat(ConsolePages.page(port, "/storage/" + domain)).contains("storage-domain-checks", "Valid", "Invalid");

        b.domains = List.of(valid(domain));
        await("host b Up again", () -> api.get("/hosts/" + b.id).body(), h -> "Up".equals(h.path("status").asString()));
        assertThat(api.get("/events?size=200&objectId=" + b.id).body().path("items").findValuesAsString("message"))
                .anySatisfy(m -> assertThat(m).contains("is NonOperational: cannot reach storage domain " + name))
                .anySatisfy(m -> assertThat(m).contains("is Up: it reads every active storage domain again"));
    }

    @Test
    void aDomainNoHostReadsGoesInactiveWithAnEventAndActiveAgainWhenReadAgain() throws Exception {
        String domain = unreadByBoth();

        JsonNode inactive = await("the domain Inactive", () -> api.get("/storagedomains/" + domain).body(),
                d -> "Inactive".equals(d.path("status").asString()));

        assertThat(inactive.path("statusReason").asString()).startsWith("no host reaches it; host mon-").contains("no answer from nfs");
        assertThat(api.get("/hosts/" + a.id).text("status")).as("the storage is at fault, not the hosts").isEqualTo("Up");
        assertThat(api.get("/hosts/" + b.id).text("status")).isEqualTo("Up");

        a.domains = List.of(valid(domain));
        await("the domain Active again", () -> api.get("/storagedomains/" + domain).body(), d -> "Active".equals(d.path("status").asString()));
        await("host b NonOperational: a reads the domain, b does not", () -> api.get("/hosts/" + b.id).body(),
                h -> "NonOperational".equals(h.path("status").asString()));
        b.domains = List.of(valid(domain));
        await("host b Up again", () -> api.get("/hosts/" + b.id).body(), h -> "Up".equals(h.path("status").asString()));
        assertThat(api.get("/events?size=200&objectId=" + domain).body().path("items").findValuesAsString("message"))
                .anySatisfy(m -> assertThat(m).contains("is Inactive: no host reaches it"))
                .anySatisfy(m -> assertThat(m).contains("is Active again: host mon-"));
    }

    @Test
    void aVmPausedOnAStorageIoErrorIsResumedOnceItsHostReadsTheStorageAgain() throws Exception {
        String domain = unreadByBoth();
        var created = api.post("/vms", """
                {"name": "mon-vm-%s", "cpus": 1, "memoryMiB": 64}""".formatted(Long.toHexString(System.nanoTime())));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String vm = created.text("id");
        assertThat(api.post("/vms/" + vm + "/start", null).status()).isLessThan(300);
        AnsweringHost on = await("the VM placed", () -> api.get("/vms/" + vm).body(), v -> !v.path("hostId").asString().isEmpty())
                .path("hostId").asString().equals(a.id) ? a : b;
        await("the VM Up", () -> api.get("/vms/" + vm).body(), v -> "Up".equals(v.path("status").asString()));

        on.paused(vm, "storage I/O error on disk-5d1e0000-1111-4222-8333-444455556666 (write: Input/output error)");

        JsonNode paused = await("the VM Paused", () -> api.get("/vms/" + vm).body(), v -> "Paused".equals(v.path("status").asString()));
        assertThat(paused.path("statusReason").asString()).startsWith("storage I/O error on disk-5d1e0000");
        a.domains = List.of(valid(domain));
        b.domains = List.of(valid(domain));
        await("the manager to resume the VM", () -> api.get("/events?size=200&objectId=" + vm).body(),
                e -> e.path("items").findValuesAsString("message").stream().anyMatch(m -> m.contains("is resumed: host " )));
        // the event is written before the command leaves the manager: wait for the host to have it
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline) && on.asked(dev.flotilla.protocol.v1.Command.ActionCase.RESUME_VM).stream()
                .noneMatch(c -> c.getResumeVm().getVmId().equals(vm))) {
            Thread.sleep(100);
        }
        assertThat(on.asked(dev.flotilla.protocol.v1.Command.ActionCase.RESUME_VM))
                .anySatisfy(c -> assertThat(c.getResumeVm().getVmId()).isEqualTo(vm));
        assertThat(api.get("/events?size=200&objectId=" + vm).body().path("items"))
                .anySatisfy(e -> {
                    assertThat(e.path("message").asString()).contains("is Paused: storage I/O error on disk-5d1e0000");
                    assertThat(e.path("severity").asString()).isEqualToIgnoringCase("error");
                });
        api.post("/vms/" + vm + "/stop", null);
    }

    /** A new domain both hosts were told to watch and now fail to read. */
    private String unreadByBoth() throws InterruptedException {
        String domain = nfsDomain();
        for (AnsweringHost h : List.of(a, b)) {
            awaitWatch(h, domain);
            h.domains = List.of(invalid(domain, "no answer from nfs 10.213.0.10:/export for 12 s (timeout 10 s)"));
        }
        return domain;
    }

    /** An Active nfs domain, checked by host a when made. */
    private String nfsDomain() {
        a.answer = c -> CommandResult.newBuilder().setOk(true)
                .setStorage(StorageAnswer.newBuilder().setTotalBytes(100L << 30).setFreeBytes(60L << 30).setSummary("ok"));
        var created = api.post("/storagedomains", """
                {"name": "mon-%s", "type": "nfs", "hostId": "%s", "nfs": {"server": "10.213.0.10", "export": "/export"}}"""
                .formatted(Long.toHexString(System.nanoTime()), a.id));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("id");
    }

    private static DomainHealth valid(String domain) {
        return DomainHealth.newBuilder().setDomainId(domain).setChecked(true).setValid(true).setLastCheckDelayMs(7)
                .setLastCheckAgeMs(400).setTotalBytes(200L << 30).setFreeBytes(150L << 30).build();
    }

    private static DomainHealth invalid(String domain, String error) {
        return DomainHealth.newBuilder().setDomainId(domain).setChecked(true).setValid(false).setLastCheckDelayMs(3000)
                .setLastCheckAgeMs(100).setError(error).build();
    }

    /** The first list sent to the host that names the domain; every list is whole, so later ones may follow. */
    private static WatchDomains awaitWatch(AnsweringHost host, String domain) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            WatchDomains w = host.watches().poll(200, TimeUnit.MILLISECONDS);
            if (w != null && w.getDomainsList().stream().anyMatch(d -> d.getDomainId().equals(domain))) {
                return w;
            }
        }
        throw new AssertionError("host " + host.id + " was never told to watch domain " + domain);
    }

    private static JsonNode await(String what, java.util.function.Supplier<JsonNode> read, Predicate<JsonNode> wanted)
            throws InterruptedException {
        return AnsweringHost.await(what, read, wanted);
    }
}
