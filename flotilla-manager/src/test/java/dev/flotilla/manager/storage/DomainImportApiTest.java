package dev.flotilla.manager.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.FoundVolume;
import dev.flotilla.protocol.v1.StorageAnswer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * Import Domain through the REST API against the real manager and database, with a fake host
 * that answers the listing as a host reads a domain: disks registered with their chains, a
 * duplicate and a broken disk skipped with their reasons, and a refused import that leaves nothing.
 */
@ManagerTest
class DomainImportApiTest {

    static final long GIB = 1024L * 1024 * 1024;

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    VolumeRepository volumes;

    ApiClient api;
    AnsweringHost host;

    @BeforeEach
    void host() throws Exception {
        api = new ApiClient(port, "admin@internal", "test-pass");
        host = new AnsweringHost(context, api, "import");
    }

    @AfterEach
    void close() throws Exception {
        host.close();
    }

    static FoundVolume.Builder volume(UUID disk, UUID volume, UUID parent, long size) {
        return FoundVolume.newBuilder().setDiskId(disk.toString()).setVolumeId(volume.toString()).setFormat("qcow2").setSizeBytes(size)
                .setParent(parent == null ? "" : disk + "/" + parent).setDescription("from the lost manager").setActualBytes(1000);
    }

    String body(String name, String path) {
        return """
                {"name": "%s", "type": "posix", "path": "%s", "hostId": "%s", "import": true}""".formatted(name, path, host.id);
    }

    @Test
    void theDisksFoundAreRegisteredWithTheirChainsAndTheOthersNamedWithWhy() {
        // a disk this manager has already, made on another domain
        host.answer = c -> StorageApiTest.space(100 * GIB, 50 * GIB);
        var other = api.post("/storagedomains", """
                {"name": "%s", "type": "posix", "path": "/srv/known", "hostId": "%s"}""".formatted(StorageApiTest.unique("known"), host.id));
        var known = api.post("/disks", """
                {"name": "%s", "storageDomainId": "%s", "sizeBytes": %d}""".formatted(StorageApiTest.unique("known"), other.text("id"), GIB));
        assertThat(known.status()).as(known.body().toString()).isEqualTo(201);
        UUID knownDisk = UUID.fromString(known.text("id"));

        UUID single = UUID.randomUUID();
        UUID singleVolume = UUID.randomUUID();
        UUID chained = UUID.randomUUID();
        UUID base = UUID.randomUUID();
        UUID top = UUID.randomUUID();
        UUID broken = UUID.randomUUID();
        UUID orphanParent = UUID.randomUUID();
        host.answer = c -> c.hasListVolumes()
                ? CommandResult.newBuilder().setOk(true).setStorage(StorageAnswer.newBuilder()
                        .addFoundVolumes(volume(single, singleVolume, null, GIB))
                        .addFoundVolumes(volume(chained, top, base, 2 * GIB))
                        .addFoundVolumes(volume(chained, base, null, GIB))
                        .addFoundVolumes(volume(broken, UUID.randomUUID(), orphanParent, GIB))
                        .addFoundVolumes(volume(knownDisk, UUID.fromString(known.text("volumeId")), null, GIB)))
                : StorageApiTest.space(100 * GIB, 40 * GIB);
        String name = StorageApiTest.unique("imported");

        var r = api.post("/storagedomains", body(name, "/srv/copied"));

        assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
        assertThat(r.text("status")).isEqualTo("Active");
        assertThat(r.body().path("diskCount").asLong()).isEqualTo(2);
        var imported = r.body().path("imported");
        assertThat(imported.path("imported").asInt()).isEqualTo(2);
        assertThat(java.util.stream.StreamSupport.stream(imported.path("importedDiskIds").spliterator(), false).map(n -> n.asString()).toList())
                .containsExactlyInAnyOrder(single.toString(), chained.toString());
        var skipped = imported.path("skipped");
        assertThat(skipped.findValuesAsString("diskId")).containsExactlyInAnyOrder(broken.toString(), knownDisk.toString());
        assertThat(skipped.findValuesAsString("reason")).anySatisfy(m -> assertThat(m).contains(orphanParent.toString(), "missing"))
                .anySatisfy(m -> assertThat(m).contains("has the disk already", known.text("name")));
        assertThat(host.asked(Command.ActionCase.LIST_VOLUMES).get(0).getListVolumes().getDomain().getPosixPath()).isEqualTo("/srv/copied");

        var disk = api.get("/disks/" + chained).body();
        assertThat(disk.path("status").asString()).isEqualTo("OK");
        assertThat(disk.path("storageDomainId").asString()).isEqualTo(r.text("id"));
        assertThat(disk.path("volumeId").asString()).as("the top volume is the active one").isEqualTo(top.toString());
        assertThat(disk.path("sizeBytes").asLong()).isEqualTo(2 * GIB);
        assertThat(disk.path("vmId").isNull()).as("VMs are not on the domain: the disk is unattached").isTrue();
        assertThat(volumes.chain(chained)).extracting(Volume::id, Volume::parentId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(top, base), org.assertj.core.groups.Tuple.tuple(base, null));
        assertThat(volumes.chain(single)).extracting(Volume::id).containsExactly(singleVolume);
        assertThat(api.get("/disks/" + broken).status()).as("never half-registered").isEqualTo(404);
        assertThat(volumes.ofDisk(broken)).isEmpty();
        assertThat(api.get("/disks/" + knownDisk).body().path("storageDomainId").asString()).isEqualTo(other.text("id"));
        assertThat(api.get("/events?size=200&objectId=" + r.text("id")).body().path("items").findValuesAsString("message"))
                .anySatisfy(m -> assertThat(m).contains(name, "imported", "2 disk(s) registered"))
                .anySatisfy(m -> assertThat(m).contains("left 2 disk(s) unregistered", broken.toString(), "missing"));
    }

    @Test
    void aBadExportOrAFailedListingLeavesNothingAndIscsiIsRefused() {
        host.answer = c -> StorageApiTest.refused("INVALID_SPEC", "NOT_FOUND", "there is no directory /srv/none on host x");
        String name = StorageApiTest.unique("none");

        var bad = api.post("/storagedomains", body(name, "/srv/none"));

        assertThat(bad.status()).as(bad.body().toString()).isEqualTo(400);
        assertThat(bad.body().toString()).contains("/srv/none");
        assertThat(api.get("/storagedomains?name=" + name).body().path("items").size()).isZero();
        assertThat(host.asked(Command.ActionCase.LIST_VOLUMES)).as("nothing is read from a domain the host cannot reach").isEmpty();

        host.answer = c -> c.hasListVolumes()
                ? StorageApiTest.refused("INVALID_SPEC", "ACCESS_DENIED", "cannot read the directory /srv/locked/images")
                : StorageApiTest.space(100 * GIB, 40 * GIB);
        var unreadable = api.post("/storagedomains", body(name, "/srv/locked"));
        assertThat(unreadable.status()).isEqualTo(409);
        assertThat(unreadable.body().toString()).contains("cannot be imported", "cannot read the directory /srv/locked/images");
        assertThat(api.get("/storagedomains?name=" + name).body().path("items").size()).isZero();

        int asked = host.commands.size();
        var iscsi = api.post("/storagedomains", """
                {"name": "%s", "type": "iscsi", "import": true, "iscsi": {"portal": "10.213.0.10", "target": "iqn.2025-01.dev.flotilla.lab:open"}}"""
                .formatted(name));
        assertThat(iscsi.status()).isEqualTo(400);
        assertThat(iscsi.body().path("errors").path(0).path("field").asString()).isEqualTo("import");
        assertThat(iscsi.body().toString()).contains("iscsi", "no metadata");
        assertThat(host.commands).hasSize(asked);
        assertThat(List.of(api.get("/storagedomains?name=" + name).body().path("items").size())).containsExactly(0);
    }

    @Test
    void anNfsDomainIsListedByItsServerAndExportAndItsDisksRegistered() {
        UUID disk = UUID.randomUUID();
        UUID base = UUID.randomUUID();
        UUID top = UUID.randomUUID();
        host.answer = c -> c.hasListVolumes()
                ? CommandResult.newBuilder().setOk(true).setStorage(StorageAnswer.newBuilder()
                        .addFoundVolumes(volume(disk, base, null, GIB))
                        .addFoundVolumes(volume(disk, top, base, GIB))
                        .addFoundVolumes(FoundVolume.newBuilder().setDiskId("lost+found").setProblem("images/lost+found is not named by a disk id")))
                : StorageApiTest.space(100 * GIB, 40 * GIB);
        String name = StorageApiTest.unique("nfs-imported");

        var r = api.post("/storagedomains", """
                {"name": "%s", "type": "nfs", "import": true, "hostId": "%s", "nfs": {"server": "10.213.0.10", "export": "/export/copy"}}"""
                .formatted(name, host.id));

        assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
        assertThat(r.text("type")).isEqualTo("nfs");
        assertThat(r.body().path("imported").path("imported").asInt()).isEqualTo(1);
        assertThat(r.body().path("imported").path("skipped").path(0).path("reason").asString()).contains("lost+found", "not named by a disk id");
        var asked = host.asked(Command.ActionCase.LIST_VOLUMES).get(0).getListVolumes().getDomain().getNfs();
        assertThat(List.of(asked.getServer(), asked.getExport())).containsExactly("10.213.0.10", "/export/copy");
        assertThat(api.get("/disks/" + disk).body().path("storageDomainId").asString()).isEqualTo(r.text("id"));
        assertThat(volumes.chain(disk)).extracting(Volume::id).containsExactly(top, base);
    }
}
