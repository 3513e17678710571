package dev.flotilla.manager.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.manager.storage.AnsweringHost;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.StorageAnswer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Snapshots through the REST API against the real manager and database, with a fake host that
 * answers the volume commands: the chains recorded after each operation, what the host is asked
 * (overlays over the right volume, merges of the right pair, the chain in a VM's spec), a merge
 * the host fails (chain unchanged, snapshot OK with the reason, job failed) and its retry.
 */
@ManagerTest
class SnapshotApiTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    SnapshotRecovery recovery;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SnapshotConfigs configs;
    @Autowired
    CloneRecovery cloneRecovery;
    @Autowired
    VmConfigurations configurations;

    ApiClient api;
    AnsweringHost host;
    String vm;
    String disk;
    String base;

    static String unique(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime());
    }

    @BeforeEach
    void vmWithADiskOnNfs() throws Exception {
        api = new ApiClient(port, "admin@internal", "test-pass");
        host = new AnsweringHost(context, api, "snap");
        host.answer = c -> CommandResult.newBuilder().setOk(true)
                .setStorage(StorageAnswer.newBuilder().setTotalBytes(100L << 30).setFreeBytes(50L << 30));
        var domain = api.post("/storagedomains", """
                {"name": "%s", "type": "nfs", "hostId": "%s", "nfs": {"server": "10.213.0.10", "export": "/export"}}""".formatted(unique("nfs"), host.id));
        assertThat(domain.status()).as(domain.body().toString()).isEqualTo(201);
        var d = api.post("/disks", """
                {"name": "%s", "storageDomainId": "%s", "sizeBytes": 67108864}""".formatted(unique("d"), domain.text("id")));
        assertThat(d.status()).as(d.body().toString()).isEqualTo(201);
        disk = d.text("id");
        base = d.text("volumeId");
        vm = api.post("/vms", "{\"name\": \"%s\", \"memoryMiB\": 64}".formatted(unique("vm"))).text("id");
        assertThat(api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\", \"bootable\": true}".formatted(disk)).status()).isEqualTo(201);
    }

    @AfterEach
    void close() throws Exception {
        host.close();
    }

    @Test
    void takePreviewUndoDeleteWithAFailedMergeAndItsRetryRestore() throws Exception {
        JsonNode s1 = created(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"before upgrade\"}"));
        assertThat(s1.path("status").asString()).isEqualTo("OK");
        assertThat(s1.path("volumes").get(0).path("volumeId").asString()).as("the volume that was active keeps the state").isEqualTo(base);
        Command overlay = last(Command.ActionCase.CREATE_OVERLAYS);
        assertThat(overlay.getCreateOverlays().getVmId()).isEmpty();
        assertThat(overlay.getCreateOverlays().getOverlays(0).getBacking().getVolumeId()).isEqualTo(base);
        String v1 = overlay.getCreateOverlays().getOverlays(0).getVolume().getVolumeId();
        assertThat(layers()).containsExactly(v1, base);

        JsonNode s2 = created(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"after upgrade\"}"));
        String a2 = last(Command.ActionCase.CREATE_OVERLAYS).getCreateOverlays().getOverlays(0).getVolume().getVolumeId();
        assertThat(layers()).containsExactly(a2, v1, base);

        // the VM runs from its active layer with the chain under it, nearest first
        assertThat(api.post("/vms/" + vm + "/start", null).status()).isLessThan(300);
        var spec = last(Command.ActionCase.START_VM).getStartVm().getSpec().getDisks(0);
        assertThat(spec.getVolume().getVolumeId()).isEqualTo(a2);
        assertThat(spec.getBackingChainList()).extracting(r -> r.getVolumeId()).containsExactly(v1, base);
        awaitStatus("Up");
        // live: the VM's host makes the overlay and switches QEMU to it; deleting it merges live
        JsonNode live = created(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"live one\"}"));
        assertThat(live.path("live").asBoolean()).isTrue();
        assertThat(live.path("configuration").path("disks").path(0).path("slot").toString()).as("the running VM's disk at its slot").isEqualTo("0");
        Command liveOverlay = last(Command.ActionCase.CREATE_OVERLAYS);
        assertThat(liveOverlay.getCreateOverlays().getVmId()).isEqualTo(vm);
        String a3 = liveOverlay.getCreateOverlays().getOverlays(0).getVolume().getVolumeId();
        assertThat(layers()).containsExactly(a3, a2, v1, base);
        assertThat(api.post("/vms/" + vm + "/snapshots/" + id(live) + "/preview", null).status()).as("preview only while Down").isEqualTo(409);
        assertThat(awaitJob(api.delete("/vms/" + vm + "/snapshots/" + id(live))).path("status").asString()).isEqualTo("finished");
        assertThat(last(Command.ActionCase.MERGE_VOLUME).getMergeVolume().getVmId()).isEqualTo(vm);
        assertThat(layers()).containsExactly(a2, v1, base);
        api.post("/vms/" + vm + "/stop", null);
        awaitStatus("Down");

        // preview s1: a new overlay on s1's volume; undo: back to a2
        JsonNode preview = api.post("/vms/" + vm + "/snapshots/" + id(s1) + "/preview", null).body();
        assertThat(preview.path("status").asString()).isEqualTo("InPreview");
        String p = last(Command.ActionCase.CREATE_OVERLAYS).getCreateOverlays().getOverlays(0).getVolume().getVolumeId();
        assertThat(layers()).containsExactly(p, base);
        assertThat(api.get("/vms/" + vm + "/snapshots").body().path("previewing").asString()).isEqualTo(id(s1));
        assertThat(api.post("/vms/" + vm + "/snapshots", "{}").status()).as("no new snapshot during a preview").isEqualTo(409);
        assertThat(api.post("/vms/" + vm + "/snapshots/" + id(s1) + "/undo", null).body().path("status").asString()).isEqualTo("OK");
        assertThat(layers()).containsExactly(a2, v1, base);
        assertThat(last(Command.ActionCase.DELETE_VOLUME).getDeleteVolume().getVolume().getVolumeId()).isEqualTo(p);

        // delete s1: the host fails the merge; the chain stays, the snapshot is OK with the reason, the job failed
        Function<Command, CommandResult.Builder> ok = host.answer;
        host.answer = c -> c.hasMergeVolume() ? CommandResult.newBuilder().setOk(false).setErrorCode("DRIVER_FAILURE")
                .setErrorMessage("qemu-img: commit killed").setStorage(StorageAnswer.newBuilder().setProblem("TOOL_FAILED")) : ok.apply(c);
        JsonNode failedJob = awaitJob(api.delete("/vms/" + vm + "/snapshots/" + id(s1)));
        assertThat(failedJob.path("status").asString()).isEqualTo("failed");
        assertThat(failedJob.path("reason").asString()).contains("commit killed", "retry");
        Command merge = last(Command.ActionCase.MERGE_VOLUME);
        assertThat(merge.getMergeVolume().getTop().getVolumeId()).isEqualTo(v1);
        assertThat(merge.getMergeVolume().getBase().getVolumeId()).isEqualTo(base);
        assertThat(merge.getMergeVolume().getChild().getVolumeId()).isEqualTo(a2);
        JsonNode afterFailure = api.get("/vms/" + vm + "/snapshots/" + id(s1)).body();
        assertThat(afterFailure.path("status").asString()).isEqualTo("OK");
        assertThat(afterFailure.path("statusReason").asString()).contains("retry");
        assertThat(afterFailure.path("mergeStep").asString()).contains(v1, base);
        assertThat(layers()).containsExactly(a2, v1, base);

        host.answer = ok;
        JsonNode retried = awaitJob(api.delete("/vms/" + vm + "/snapshots/" + id(s1)));
        assertThat(retried.path("status").asString()).isEqualTo("finished");
        assertThat(retried.path("progress").asInt()).isEqualTo(100);
        assertThat(api.get("/vms/" + vm + "/snapshots/" + id(s1)).status()).isEqualTo(404);
        assertThat(layers()).containsExactly(a2, base);
        assertThat(api.get("/vms/" + vm + "/snapshots/" + id(s2)).body().path("volumes").get(0).path("volumeId").asString())
                .as("the merged-into volume now keeps s2's state").isEqualTo(base);

        // restore s2: the VM goes back to it; then deleting s2 merges the active layer into it
        assertThat(api.post("/vms/" + vm + "/snapshots/" + id(s2) + "/restore", null).body().path("status").asString()).isEqualTo("OK");
        String restored = last(Command.ActionCase.CREATE_OVERLAYS).getCreateOverlays().getOverlays(0).getVolume().getVolumeId();
        assertThat(layers()).containsExactly(restored, base);
        assertThat(awaitJob(api.delete("/vms/" + vm + "/snapshots/" + id(s2))).path("status").asString()).isEqualTo("finished");
        assertThat(last(Command.ActionCase.MERGE_VOLUME).getMergeVolume().hasChild()).as("the active layer has no child").isFalse();
        assertThat(layers()).containsExactly(base);
        assertThat(api.get("/disks/" + disk).body().path("volumeId").asString()).isEqualTo(base);
        assertThat(api.get("/jobs?objectId=" + vm).body().path("total").asInt()).isEqualTo(4);
    }

    @Test
    void badInputUnknownSnapshotsAndWrongStates() {
        assertThat(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"" + "x".repeat(1100) + "\"}").body().toString())
                .contains("description");
        assertThat(api.get("/vms/" + vm + "/snapshots/" + UUID.randomUUID()).status()).isEqualTo(404);
        JsonNode s = created(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"one\"}"));
        assertThat(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/undo", null).status()).as("not in preview").isEqualTo(409);
        assertThat(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/commit", null).status()).isEqualTo(409);
    }

    @Test
    void aSnapshotLeftLockedByAStoppedManagerIsUnlockedOrForgottenAtStart() {
        JsonNode s = created(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"kept\"}"));
        UUID beingMade = UUID.randomUUID();
        jdbc.sql("update snapshot set status = 'Locked', merge_step = 'merging disk x' where id = :id").param("id", UUID.fromString(id(s))).update();
        jdbc.sql("insert into snapshot(id, vm_id, description, status) values (:id, :vm, 'half made', 'Locked')")
                .param("id", beingMade).param("vm", UUID.fromString(vm)).update();
        assertThat(api.post("/vms/" + vm + "/start", null).body().toString()).as("no start while Locked").contains("Locked");

        recovery.unlockInterrupted();

        JsonNode after = api.get("/vms/" + vm + "/snapshots/" + id(s)).body();
        assertThat(after.path("status").asString()).isEqualTo("OK");
        assertThat(after.path("statusReason").asString()).contains("retry");
        assertThat(api.get("/vms/" + vm + "/snapshots/" + beingMade).status()).isEqualTo(404);

        // an undo cut short: the preview is still recorded, so the snapshot is back InPreview and the undo runs again
        assertThat(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/preview", null).body().path("status").asString()).isEqualTo("InPreview");
        jdbc.sql("update snapshot set status = 'Locked' where id = :id").param("id", UUID.fromString(id(s))).update();

        recovery.unlockInterrupted();

        assertThat(api.get("/vms/" + vm + "/snapshots/" + id(s)).body().path("status").asString()).isEqualTo("InPreview");
        assertThat(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/undo", null).body().path("status").asString()).isEqualTo("OK");
        assertThat(savedConfigurationDropped(UUID.fromString(id(s)))).as("the configuration set aside for the preview is dropped").isTrue();
    }

    @Test
    void aPreviewCutBeforeItWasRecordedLeavesNoConfigurationSetAsideAndTheVmItsOwn() {
        JsonNode s = created(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"cut\"}"));
        UUID sid = UUID.fromString(id(s));
        UUID vmId = UUID.fromString(vm);
        List<String> chain = layers();
        JsonNode then = api.get("/vms/" + vm).body();
        assertThat(api.patch("/vms/" + vm, "{\"memoryMiB\": 128, \"cpus\": 2, \"version\": %d}".formatted(then.path("version").asLong()))
                .status()).isEqualTo(200);

        // the manager stopped after setting the VM's configuration aside and giving it the snapshot's, before the preview was recorded
        jdbc.sql("update snapshot set status = 'Locked' where id = :id").param("id", sid).update();
        configs.saveForUndo(sid, configurations.of(vmId));
        configurations.applySettings(vmId, configs.of(sid).orElseThrow());
        assertThat(api.get("/vms/" + vm).body().path("memoryMiB").asInt()).isEqualTo(64);

        recovery.unlockInterrupted();

        JsonNode after = api.get("/vms/" + vm + "/snapshots/" + id(s)).body();
        assertThat(after.path("status").asString()).as("no preview was recorded: nothing to undo or commit").isEqualTo("OK");
        assertThat(after.path("statusReason").asString()).contains("retry");
        assertThat(savedConfigurationDropped(sid)).as("the configuration set aside is dropped").isTrue();
        JsonNode own = api.get("/vms/" + vm).body();
        assertThat(own.path("memoryMiB").asInt()).as("the VM has its own configuration back").isEqualTo(128);
        assertThat(own.path("cpus").asInt()).isEqualTo(2);
        assertThat(layers()).as("the chains are as recorded").isEqualTo(chain);
        assertThat(api.get("/events?objectId=" + vm + "&size=50").body().path("items").findValuesAsString("message"))
                .anySatisfy(m -> assertThat(m).contains("got back its own configuration", "'cut'"));

        // cut even earlier, before the VM took the snapshot's configuration: the VM is left as it is
        jdbc.sql("update snapshot set status = 'Locked' where id = :id").param("id", sid).update();
        configs.saveForUndo(sid, configurations.of(vmId));

        recovery.unlockInterrupted();

        assertThat(savedConfigurationDropped(sid)).isTrue();
        assertThat(api.get("/vms/" + vm).body().path("memoryMiB").asInt()).isEqualTo(128);
        // and a preview then sets aside the VM's own configuration, which its undo gives back
        assertThat(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/preview", null).body().path("status").asString()).isEqualTo("InPreview");
        assertThat(api.get("/vms/" + vm).body().path("memoryMiB").asInt()).isEqualTo(64);
        assertThat(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/undo", null).body().path("status").asString()).isEqualTo("OK");
        assertThat(api.get("/vms/" + vm).body().path("memoryMiB").asInt()).isEqualTo(128);
    }

    @Test
    void anOperationThatFailsInTheManagerPutsTheSnapshotBackInsteadOfLeavingItLocked() {
        JsonNode s = created(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"unreadable\"}"));
        UUID sid = UUID.fromString(id(s));
        assertThat(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/preview", null).body().path("status").asString()).isEqualTo("InPreview");
        // the configuration set aside cannot be read (as if written by a broken manager): the commit fails after it Locked the snapshot
        jdbc.sql("update snapshot set preview_saved_configuration = cast('{\"complete\": true, \"cpus\": \"many\"}' as jsonb) where id = :id")
                .param("id", sid).update();

        assertThat(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/commit", null).status()).isNotEqualTo(200);

        JsonNode after = api.get("/vms/" + vm + "/snapshots/" + id(s)).body();
        assertThat(after.path("status").asString()).as("back in preview at once, not Locked until a restart").isEqualTo("InPreview");
        assertThat(after.path("statusReason").asString()).contains("failed in the manager", "retry");
        assertThat(api.get("/events?objectId=" + vm + "&size=50").body().path("items").findValuesAsString("message"))
                .anySatisfy(m -> assertThat(m).contains("snapshot 'unreadable'"));
        jdbc.sql("update snapshot set preview_saved_configuration = null where id = :id").param("id", sid).update();
        assertThat(api.post("/vms/" + vm + "/snapshots/" + id(s) + "/commit", null).body().path("status").asString()).isEqualTo("OK");
    }

    private boolean savedConfigurationDropped(UUID snapshot) {
        return jdbc.sql("select preview_saved_configuration is null from snapshot where id = :id").param("id", snapshot).query(Boolean.class).single();
    }

    @Test
    void aVmClonedFromASnapshotGetsFullCopiesOfTheDisksAsTheyWereThen() throws Exception {
        JsonNode s1 = created(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"golden\"}"));
        created(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"later\"}"));
        assertThat(api.post("/vms/" + vm + "/snapshots/" + id(s1) + "/clone", "{\"name\": \"\"}").status()).isEqualTo(400);
        // the VM changes after the snapshots: a clone and a restore take the configuration the snapshot kept
        JsonNode then = api.get("/vms/" + vm).body();
        var changed = api.patch("/vms/" + vm, "{\"memoryMiB\": 128, \"cpus\": 2, \"version\": %d}".formatted(then.path("version").asLong()));
        assertThat(changed.status()).as(changed.body().toString()).isEqualTo(200);

        // the host fails the copy: no VM, no disk is left
        Function<Command, CommandResult.Builder> ok = host.answer;
        host.answer = c -> c.hasCopyVolume() ? CommandResult.newBuilder().setOk(false).setErrorCode("DRIVER_FAILURE")
                .setErrorMessage("qemu-img: Could not open").setStorage(StorageAnswer.newBuilder().setProblem("TOOL_FAILED")) : ok.apply(c);
        String failedName = unique("clone");
        var failing = api.post("/vms/" + vm + "/snapshots/" + id(s1) + "/clone", "{\"name\": \"%s\"}".formatted(failedName));
        assertThat(failing.status()).as(failing.body().toString()).isEqualTo(202);
        assertThat(awaitJob(failing).path("reason").asString()).contains("Could not open");
        assertThat(api.get("/vms/" + failing.body().path("vm").path("id").asString()).status()).isEqualTo(404);
        assertThat(api.get("/disks?name=" + failedName + "-disk1").body().path("total").asInt()).isZero();

        host.answer = ok;
        String name = unique("clone");
        var cloning = api.post("/vms/" + vm + "/snapshots/" + id(s1) + "/clone", "{\"name\": \"%s\"}".formatted(name));
        assertThat(awaitJob(cloning).path("status").asString()).isEqualTo("finished");
        Command copy = last(Command.ActionCase.COPY_VOLUME);
        assertThat(copy.getCopyVolume().getFrom().getVolumeId()).as("read from the snapshot's volume").isEqualTo(base);
        String clone = cloning.body().path("vm").path("id").asString();
        JsonNode disks = api.get("/vms/" + clone + "/disks").body();
        assertThat(disks.path("total").asInt()).isEqualTo(1);
        JsonNode disk = api.get("/disks/" + disks.path("items").path(0).path("diskId").asString()).body();
        assertThat(disk.path("status").asString()).isEqualTo("OK");
        assertThat(disk.path("volumeId").asString()).isEqualTo(copy.getCopyVolume().getTo().getVolumeId());
        assertThat(api.get("/vms/" + clone).body().path("memoryMiB").asInt()).as("the snapshot's memory, not the VM's now").isEqualTo(64);
        assertThat(api.get("/vms/" + clone).body().path("cpus").asInt()).isEqualTo(then.path("cpus").asInt());

        assertThat(api.post("/vms/" + vm + "/snapshots/" + id(s1) + "/restore", null).status()).isEqualTo(200);
        JsonNode restored = api.get("/vms/" + vm).body();
        assertThat(restored.path("memoryMiB").asInt()).as("a restore gives the VM its configuration back").isEqualTo(64);
        assertThat(restored.path("cpus").asInt()).isEqualTo(then.path("cpus").asInt());
    }

    @Test
    void aCloneCutByAManagerStopIsRemovedAtTheNextStart() throws Exception {
        JsonNode s = created(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"cut clone\"}"));
        // the host holds the copy until the test has run the start-up recovery (a manager stopped mid-copy), then fails it
        CountDownLatch copying = new CountDownLatch(1);
        CountDownLatch recovered = new CountDownLatch(1);
        Function<Command, CommandResult.Builder> ok = host.answer;
        host.answer = c -> {
            if (!c.hasCopyVolume()) {
                return ok.apply(c);
            }
            copying.countDown();
            try {
                recovered.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CommandResult.newBuilder().setOk(false).setErrorCode("DRIVER_FAILURE").setErrorMessage("the manager went away")
                    .setStorage(StorageAnswer.newBuilder().setProblem("TOOL_FAILED"));
        };
        String name = unique("clone");
        var cloning = api.post("/vms/" + vm + "/snapshots/" + id(s) + "/clone", "{\"name\": \"%s\"}".formatted(name));
        assertThat(cloning.status()).as(cloning.body().toString()).isEqualTo(202);
        String clone = cloning.body().path("vm").path("id").asString();
        assertThat(copying.await(30, TimeUnit.SECONDS)).as("the host was asked to copy").isTrue();
        String copy = api.get("/disks?name=" + name + "-disk1").body().path("items").path(0).path("id").asString();
        assertThat(api.get("/disks/" + copy).text("status")).isEqualTo("Locked");

        cloneRecovery.removeCutClones();

        assertThat(api.get("/vms/" + clone).status()).as("the half-made VM is gone").isEqualTo(404);
        assertThat(api.get("/disks/" + copy).status()).as("and the disk made for it").isEqualTo(404);
        assertThat(api.get("/events?objectId=" + clone + "&size=50").body().path("items").findValuesAsString("message"))
                .anySatisfy(m -> assertThat(m).contains("cut by a manager restart", name + "-disk1"));
        // the job's own end (here the copy failing) finds nothing left to remove and still ends the job
        recovered.countDown();
        assertThat(awaitJob(cloning).path("status").asString()).isEqualTo("failed");
        assertThat(jdbc.sql("select count(*) from snapshot_clone where vm_id = :vm").param("vm", UUID.fromString(clone)).query(Long.class).single())
                .isZero();
        host.answer = ok;
    }

    @Test
    void deletingADiskWithSnapshotsRemovesEveryVolumeOfItsChain() {
        created(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"one\"}"));
        created(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"two\"}"));
        List<String> chain = layers();
        assertThat(chain).hasSize(3);
        int before = host.asked(Command.ActionCase.DELETE_VOLUME).size();

        // a host that fails on an older volume: the disk is Illegal, and deleting again finishes the job
        Function<Command, CommandResult.Builder> ok = host.answer;
        host.answer = c -> c.hasDeleteVolume() && c.getDeleteVolume().getVolume().getVolumeId().equals(chain.get(2))
                ? CommandResult.newBuilder().setOk(false).setErrorCode("DRIVER_FAILURE").setErrorMessage("NFS3ERR_IO")
                        .setStorage(StorageAnswer.newBuilder().setProblem("TOOL_FAILED")) : ok.apply(c);
        var failed = api.delete("/disks/" + disk);
        assertThat(failed.status()).isEqualTo(409);
        assertThat(failed.body().toString()).contains("NFS3ERR_IO", chain.get(2));
        assertThat(api.get("/disks/" + disk).text("status")).isEqualTo("Illegal");

        host.answer = ok;
        assertThat(api.delete("/disks/" + disk).status()).isEqualTo(204);
        assertThat(api.get("/disks/" + disk).status()).isEqualTo(404);
        List<String> removed = host.asked(Command.ActionCase.DELETE_VOLUME).stream().skip(before)
                .map(c -> c.getDeleteVolume().getVolume().getVolumeId()).toList();
        assertThat(removed).as("every volume of the chain, the active one first").containsSubsequence(chain.get(0), chain.get(1), chain.get(2));
        assertThat(removed).containsAll(chain);
        assertThat(jdbc.sql("select count(*) from volume where disk_id = :d").param("d", UUID.fromString(disk)).query(Long.class).single())
                .isZero();
    }

    static JsonNode created(ApiClient.Response r) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
        return r.body();
    }

    static String id(JsonNode n) {
        return n.path("id").asString();
    }

    private Command last(Command.ActionCase kind) {
        List<Command> asked = host.asked(kind);
        assertThat(asked).as("the host was asked " + kind).isNotEmpty();
        return asked.get(asked.size() - 1);
    }

    /** The disk's chain as the API shows it, active first. */
    private List<String> layers() {
        JsonNode disks = api.get("/vms/" + vm + "/snapshots").body().path("disks");
        return disks.get(0).path("volumes").valueStream().map(l -> l.path("volumeId").asString()).toList();
    }

    private JsonNode awaitJob(ApiClient.Response accepted) throws InterruptedException {
        return awaitJob(api, accepted);
    }

    /** The job of a 202 answer once it is no longer running. */
    static JsonNode awaitJob(ApiClient api, ApiClient.Response accepted) throws InterruptedException {
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        String job = accepted.text("jobId");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonNode j = api.get("/jobs/" + job).body();
            if (!"running".equals(j.path("status").asString())) {
                return j;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + job + " still running");
    }

    private void awaitStatus(String status) throws InterruptedException {
        awaitStatus(api, vm, status);
    }

    static void awaitStatus(ApiClient api, String vm, String status) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (status.equals(api.get("/vms/" + vm).text("status"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("VM did not become " + status);
    }
}
