package dev.flotilla.manager.snapshot;

import static dev.flotilla.manager.snapshot.SnapshotApiTest.awaitJob;
import static dev.flotilla.manager.snapshot.SnapshotApiTest.awaitStatus;
import static dev.flotilla.manager.snapshot.SnapshotApiTest.created;
import static dev.flotilla.manager.snapshot.SnapshotApiTest.id;
import static dev.flotilla.manager.snapshot.SnapshotApiTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.manager.storage.AnsweringHost;
import dev.flotilla.manager.storage.StorageApiTest;
import dev.flotilla.manager.web.ConsolePages;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.StorageAnswer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A snapshot keeps the VM's whole configuration, through the REST API against the real manager and
 * database with a fake host answering the volume commands: the VM (1 CPU, 64 MiB, HA at priority 50,
 * an ISO in its drive, pinned) has a bootable virtio-blk disk and a read-only virtio-scsi one when
 * the snapshot is taken; then everything changes. A restore, a preview (then undo or commit) and a
 * clone bring back the machine as it was; a disk attached since is detached, never deleted. The
 * VM's page shows what each snapshot kept.
 */
@ManagerTest
class SnapshotConfigurationApiTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;

    ApiClient api;
    AnsweringHost host;
    String domain;
    String vm;
    String system;
    String data;
    String iso1;
    String iso2;

    @BeforeEach
    void vmWithTwoDisksAnIsoHaAndPins() throws Exception {
        api = new ApiClient(port, "admin@internal", "test-pass");
        host = new AnsweringHost(context, api, "snapconf");
        host.answer = c -> CommandResult.newBuilder().setOk(true)
                .setStorage(StorageAnswer.newBuilder().setTotalBytes(100L << 30).setFreeBytes(50L << 30));
        domain = created(api.post("/storagedomains", """
                {"name": "%s", "type": "nfs", "hostId": "%s", "nfs": {"server": "10.213.0.10", "export": "/export"}}"""
                .formatted(unique("nfs"), host.id))).path("id").asString();
        String isoDomain = created(api.post("/storagedomains", """
                {"name": "%s", "type": "nfs", "role": "iso", "hostId": "%s", "nfs": {"server": "10.213.0.10", "export": "/isos"}}"""
                .formatted(unique("iso"), host.id))).path("id").asString();
        iso1 = iso(isoDomain);
        iso2 = iso(isoDomain);
        system = disk();
        data = disk();
        vm = created(api.post("/vms", "{\"name\": \"%s\", \"memoryMiB\": 64, \"description\": \"as it was\"}".formatted(unique("vm"))))
                .path("id").asString();
        created(api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\", \"bootable\": true}".formatted(system)));
        created(api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\", \"interface\": \"virtio-scsi\", \"readOnly\": true}".formatted(data)));
        ok(api.put("/vms/" + vm + "/highavailability", "{\"enabled\": true, \"priority\": 50}"));
        ok(api.put("/vms/" + vm + "/cdrom", "{\"isoId\": \"%s\", \"boot\": true}".formatted(iso1)));
        ok(api.put("/vms/" + vm + "/pinnedhosts", "{\"hostIds\": [\"%s\"]}".formatted(host.id)));
    }

    @AfterEach
    void close() throws Exception {
        host.close();
    }

    @Test
    void aRestoreBringsBackTheWholeMachineAndDetachesADiskAttachedSince() throws Exception {
        JsonNode s = created(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"as it was\"}"));
        JsonNode kept = s.path("configuration");
        assertThat(kept.path("complete").asBoolean()).isTrue();
        assertThat(kept.path("cpus").asInt()).isEqualTo(1);
        assertThat(kept.path("highlyAvailable").asBoolean()).isTrue();
        assertThat(kept.path("haPriority").asInt()).isEqualTo(50);
        assertThat(kept.path("cdrom").path("isoId").asString()).isEqualTo(iso1);
        assertThat(kept.path("disks").valueStream().map(d -> d.path("diskId").asString()).toList()).containsExactly(system, data);
        assertThat(kept.path("disks").get(1).path("interface").asString()).isEqualTo("virtio-scsi");
        assertThat(kept.path("pinnedHosts").get(0).path("hostId").asString()).isEqualTo(host.id);

        String extra = changeEverything();
        // bad input keeps its clear answers: a restore needs the VM Down
        assertThat(api.post("/vms/" + vm + "/start", null).status()).isLessThan(300);
        awaitStatus(api, vm, "Up");
        var refused = api.post("/vms/" + vm + "/snapshots/" + id(s) + "/restore", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().toString()).contains("Down");
        api.post("/vms/" + vm + "/stop", null);
        awaitStatus(api, vm, "Down");

        ok(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/restore", null));
        assertAsAtTheSnapshot(extra);
        assertThat(events()).anyMatch(e -> e.contains("restored") && e.contains("was detached (it is kept)"));
        assertThat(api.get("/vms/" + vm + "/snapshots/" + id(s)).body().path("configuration").path("memoryMiB").asInt()).isEqualTo(64);
    }

    @Test
    void aPreviewRunsWithTheSnapshotsConfigurationUndoGivesTheVmsBackCommitKeepsIt() throws Exception {
        JsonNode s = created(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"previewed\"}"));
        String extra = changeEverything();

        assertThat(ok(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/preview", null)).path("status").asString()).isEqualTo("InPreview");
        assertAsAtTheSnapshot(extra);
        // the disk detached since and attached again runs from a preview overlay on its snapshot's volume, like the other one
        assertThat(host.asked(Command.ActionCase.CREATE_OVERLAYS).get(host.asked(Command.ActionCase.CREATE_OVERLAYS).size() - 1)
                .getCreateOverlays().getOverlaysCount()).isEqualTo(2);

        ok(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/undo", null));
        JsonNode back = api.get("/vms/" + vm).body();
        assertThat(back.path("cpus").asInt()).isEqualTo(2);
        assertThat(back.path("memoryMiB").asInt()).isEqualTo(128);
        assertThat(back.path("description").asString()).isEqualTo("changed");
        assertThat(api.get("/vms/" + vm + "/highavailability").body().path("enabled").asBoolean()).isFalse();
        assertThat(api.get("/vms/" + vm + "/cdrom").body().path("isoId").asString()).isEqualTo(iso2);
        assertThat(attached()).containsExactly(system, extra);

        ok(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/preview", null));
        ok(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/commit", null));
        assertAsAtTheSnapshot(extra);
    }

    @Test
    void aRestoreSaysWhichDiskCannotComeBackAndAnOlderSnapshotKeepsWorkingAsBefore() throws Exception {
        JsonNode s = created(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"with data\"}"));
        String dataName = api.get("/disks/" + data).text("name");
        assertThat(api.delete("/vms/" + vm + "/disks/" + data).status()).isEqualTo(204);
        // the data disk went to another VM: it stays there
        String other = created(api.post("/vms", "{\"name\": \"%s\", \"memoryMiB\": 64}".formatted(unique("other")))).path("id").asString();
        String otherName = api.get("/vms/" + other).text("name");
        created(api.post("/vms/" + other + "/disks", "{\"diskId\": \"%s\"}".formatted(data)));
        ok(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/restore", null));
        assertThat(attached()).containsExactly(system);
        assertThat(events()).anyMatch(e -> e.contains("restored") && e.contains("disk " + dataName + " is attached to VM " + otherName + " now"));
        assertThat(api.get("/disks/" + data).text("vmId")).isEqualTo(other);

        // then it was deleted: gone for good, and the restore says so
        assertThat(api.delete("/vms/" + other + "/disks/" + data).status()).isEqualTo(204);
        assertThat(api.delete("/disks/" + data).status()).isEqualTo(204);

        ok(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/restore", null));
        assertThat(attached()).containsExactly(system);
        assertThat(events()).anyMatch(e -> e.contains("restored") && e.contains("disk " + dataName + " no longer exists"));

        // a snapshot taken before whole configurations were kept: CPUs, memory and boot only, the disks stay as they are
        JsonNode older = created(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"older\"}"));
        jdbc.sql("update snapshot set configuration = null, vm_cpus = 1, vm_memory_mib = 64, vm_boot_kernel = '', vm_boot_initrd = '', "
                + "vm_boot_cmdline = '' where id = :id").param("id", UUID.fromString(id(older))).update();
        JsonNode partial = api.get("/vms/" + vm + "/snapshots").body().path("items").get(1).path("configuration");
        assertThat(partial.path("complete").asBoolean()).isFalse();
        assertThat(partial.path("memoryMiB").asInt()).isEqualTo(64);
        String extra = changeEverything();
        ok(api.post("/vms/" + vm + "/snapshots/" + id(older) + "/restore", null));
        assertThat(api.get("/vms/" + vm).body().path("cpus").asInt()).isEqualTo(1);
        assertThat(attached()).as("an older snapshot did not keep the disks: they stay").contains(extra);
        assertThat(api.get("/vms/" + vm + "/cdrom").body().path("isoId").asString()).isEqualTo(iso2);
    }

    @Test
    void goingBackDetachesALunDiskAttachedSinceAndAnIllegalOneButWaitsForALockedOne() throws Exception {
        JsonNode s = created(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"before the LUN\"}"));
        String busy = disk();
        String luns = StorageApiTest.iscsiDomain(api, host);
        String lun = created(api.post("/disks", "{\"name\": \"%s\", \"storageDomainId\": \"%s\", \"sizeBytes\": 1073741824}"
                .formatted(unique("lun"), luns))).path("id").asString();
        created(api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\"}".formatted(lun)));
        created(api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\"}".formatted(busy)));
        String busyName = api.get("/disks/" + busy).text("name");
        String lunName = api.get("/disks/" + lun).text("name");

        // a job works on a disk attached since: going back would detach it under the job, so it waits (409 naming the disk)
        jdbc.sql("update disk set status = 'Locked', status_reason = 'growing to 2 GiB' where id = :id").param("id", UUID.fromString(busy)).update();
        var refused = api.post("/vms/" + vm + "/snapshots/" + id(s) + "/restore", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("detail")).contains("disk " + busyName + " is Locked (growing to 2 GiB)", "wait until the job ends");
        assertThat(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/preview", null).status()).isEqualTo(409);
        assertThat(api.get("/vms/" + vm + "/snapshots/" + id(s)).body().path("status").asString()).isEqualTo("OK");
        assertThat(attached()).containsExactly(system, data, lun, busy);

        // Illegal (only removable): detaching it touches no volume, so it goes like the LUN disk; the undo brings back the LUN
        jdbc.sql("update disk set status = 'Illegal', status_reason = 'NFS3ERR_IO' where id = :id").param("id", UUID.fromString(busy)).update();
        assertThat(ok(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/preview", null)).path("status").asString()).isEqualTo("InPreview");
        assertThat(attached()).containsExactly(system, data);
        ok(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/undo", null));
        assertThat(attached()).as("an Illegal disk cannot be attached again").containsExactly(system, data, lun);
        assertThat(events()).anyMatch(e -> e.contains("left the preview") && e.contains("disk " + busyName + " is Illegal"));

        ok(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/restore", null));
        assertThat(attached()).containsExactly(system, data);
        assertThat(events()).anyMatch(e -> e.contains("restored") && e.contains("disk " + lunName + " was detached (it is kept)"));
        JsonNode kept = api.get("/disks/" + lun).body();
        assertThat(kept.path("status").asString()).as("detached, not deleted").isEqualTo("OK");
        assertThat(kept.path("vmId").isNull() || kept.path("vmId").isMissingNode()).isTrue();
        assertThat(api.get("/disks/" + busy).text("status")).isEqualTo("Illegal");

        // a LUN disk attached during a preview stays through its commit, and does not keep the snapshot from being deleted (merged)
        ok(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/preview", null));
        created(api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\"}".formatted(lun)));
        assertThat(ok(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/commit", null)).path("status").asString()).isEqualTo("OK");
        assertThat(attached()).containsExactly(system, data, lun);
        assertThat(awaitJob(api, api.delete("/vms/" + vm + "/snapshots/" + id(s))).path("status").asString()).isEqualTo("finished");
        assertThat(host.asked(Command.ActionCase.MERGE_VOLUME).stream().map(c -> c.getMergeVolume().getTop().getDiskId()))
                .as("only the disks that hold the snapshot's state are merged").doesNotContain(lun);
    }

    @Test
    void aCloneIsTheMachineAtTheSnapshotWithCopiesOfItsDisksInTheirPlaces() throws Exception {
        JsonNode s = created(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"golden\"}"));
        String extra = changeEverything();
        int copiesBefore = host.asked(Command.ActionCase.COPY_VOLUME).size();

        String name = unique("clone");
        var cloning = api.post("/vms/" + vm + "/snapshots/" + id(s) + "/clone", "{\"name\": \"%s\"}".formatted(name));
        assertThat(awaitJob(api, cloning).path("status").asString()).isEqualTo("finished");
        String clone = cloning.body().path("vm").path("id").asString();
        JsonNode made = api.get("/vms/" + clone).body();
        assertThat(made.path("name").asString()).isEqualTo(name);
        assertThat(made.path("cpus").asInt()).isEqualTo(1);
        assertThat(made.path("memoryMiB").asInt()).isEqualTo(64);
        assertThat(made.path("description").asString()).isEqualTo("as it was");
        JsonNode ha = api.get("/vms/" + clone + "/highavailability").body();
        assertThat(ha.path("enabled").asBoolean()).isTrue();
        assertThat(ha.path("priority").asInt()).isEqualTo(50);
        assertThat(api.get("/vms/" + clone + "/cdrom").body().path("isoId").asString()).isEqualTo(iso1);
        assertThat(api.get("/vms/" + clone + "/pinnedhosts").body().path("hostIds").get(0).asString()).isEqualTo(host.id);

        // copies of the two disks it had then (the data disk though detached since), not of the one attached since
        List<Command> copies = host.asked(Command.ActionCase.COPY_VOLUME).stream().skip(copiesBefore).toList();
        assertThat(copies).hasSize(2);
        JsonNode disks = api.get("/vms/" + clone + "/disks").body().path("items");
        assertThat(disks).hasSize(2);
        assertThat(disks.get(0).path("bootable").asBoolean()).isTrue();
        assertThat(disks.get(0).path("interface").asString()).isEqualTo("virtio-blk");
        assertThat(disks.get(1).path("interface").asString()).isEqualTo("virtio-scsi");
        assertThat(disks.get(1).path("readOnly").asBoolean()).isTrue();
        assertThat(disks.valueStream().map(d -> d.path("diskId").asString()).toList()).doesNotContain(system, data, extra);
        assertThat(attached()).as("the source VM is left as it is now").containsExactly(system, extra);
    }

    @Test
    void theVmPageShowsTheConfigurationEachSnapshotKept() throws Exception {
        JsonNode s = created(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"shown\"}"));
        String page = ConsolePages.page(port, "/vms/" + vm);
        int row = page.indexOf("id=\"vm-snapshot-config-" + id(s) + "\"");
        assertThat(row).as("a configuration row under the snapshot's row").isGreaterThan(page.indexOf("id=\"vm-snapshot-" + id(s) + "\""));
        String config = page.substring(row, page.indexOf("</tr>", row));
        assertThat(config).contains("Configuration:", "1 CPU", "64 MiB", "description \u201cas it was\u201d", "highly available, priority 50",
                "CD-ROM " + api.get("/disks/" + iso1).text("name") + " (boots from it)",
                "disk " + api.get("/disks/" + system).text("name") + " (virtio-blk, bootable)",
                "disk " + api.get("/disks/" + data).text("name") + " (virtio-scsi, read-only)",
                "pinned to " + api.get("/hosts/" + host.id).text("name"));
    }

    /** CPUs, memory, description, HA, CD and pins change; the data disk goes and a new one comes. Answers the new disk. */
    private String changeEverything() {
        JsonNode now = api.get("/vms/" + vm).body();
        ok(api.patch("/vms/" + vm, "{\"cpus\": 2, \"memoryMiB\": 128, \"description\": \"changed\", \"version\": %d}"
                .formatted(now.path("version").asLong())));
        ok(api.put("/vms/" + vm + "/highavailability", "{\"enabled\": false, \"priority\": 1}"));
        ok(api.put("/vms/" + vm + "/cdrom", "{\"isoId\": \"%s\"}".formatted(iso2)));
        ok(api.put("/vms/" + vm + "/pinnedhosts", "{\"hostIds\": []}"));
        if (attached().contains(data)) {
            assertThat(api.delete("/vms/" + vm + "/disks/" + data).status()).isEqualTo(204);
        }
        String extra = disk();
        created(api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\"}".formatted(extra)));
        return extra;
    }

    private void assertAsAtTheSnapshot(String extra) {
        JsonNode restored = api.get("/vms/" + vm).body();
        assertThat(restored.path("cpus").asInt()).isEqualTo(1);
        assertThat(restored.path("memoryMiB").asInt()).isEqualTo(64);
        assertThat(restored.path("description").asString()).isEqualTo("as it was");
        JsonNode ha = api.get("/vms/" + vm + "/highavailability").body();
        assertThat(ha.path("enabled").asBoolean()).isTrue();
        assertThat(ha.path("priority").asInt()).isEqualTo(50);
        JsonNode cd = api.get("/vms/" + vm + "/cdrom").body();
        assertThat(cd.path("isoId").asString()).isEqualTo(iso1);
        assertThat(cd.path("boot").asBoolean()).isTrue();
        assertThat(api.get("/vms/" + vm + "/pinnedhosts").body().path("hostIds").get(0).asString()).isEqualTo(host.id);
        assertThat(attached()).containsExactly(system, data);
        JsonNode disks = api.get("/vms/" + vm + "/disks").body().path("items");
        assertThat(disks.get(0).path("bootable").asBoolean()).isTrue();
        assertThat(disks.get(1).path("interface").asString()).isEqualTo("virtio-scsi");
        assertThat(disks.get(1).path("readOnly").asBoolean()).isTrue();
        JsonNode detached = api.get("/disks/" + extra).body();
        assertThat(detached.path("status").asString()).as("the disk attached since is detached, not deleted").isEqualTo("OK");
        assertThat(detached.path("vmId").isNull() || detached.path("vmId").isMissingNode()).isTrue();
    }

    /** The VM's disks in the order its guest sees them. */
    private List<String> attached() {
        return api.get("/vms/" + vm + "/disks").body().path("items").valueStream().map(d -> d.path("diskId").asString()).toList();
    }

    private List<String> events() {
        return api.get("/events?objectId=" + vm + "&size=50").body().path("items").valueStream().map(e -> e.path("message").asString()).toList();
    }

    private String disk() {
        return created(api.post("/disks", "{\"name\": \"%s\", \"storageDomainId\": \"%s\", \"sizeBytes\": 67108864}".formatted(unique("d"), domain)))
                .path("id").asString();
    }

    /** An ISO image on the iso domain, as an upload leaves it. */
    private String iso(String isoDomain) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into disk(id, name, storage_domain_id, volume_id, format, size_bytes, status)
                values (:id, :n, :sd, :v, 'RAW', 1048576, 'OK')""")
                .param("id", id).param("n", unique("iso") + ".iso").param("sd", UUID.fromString(isoDomain)).param("v", UUID.randomUUID()).update();
        return id.toString();
    }

    private static JsonNode ok(ApiClient.Response r) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.body();
    }
}
