package dev.flotilla.manager.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.protocol.v1.AgentMessage;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.StorageAnswer;
import dev.flotilla.protocol.v1.VolumeProgress;
import dev.flotilla.protocol.v1.VolumeSize;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Moving and copying disks between storage domains through the REST API, against the real manager
 * and database, with a fake host: the copy command names both domains, the host's progress shows
 * in the job while it runs, a move switches the disk to the new volume and removes the old one, a
 * failed copy leaves the source as it was and no new disk, and the refusals (same domain, not
 * enough room, snapshots, a running VM) come before anything is done. An upload onto an iSCSI domain
 * takes the smallest free LUN that holds the file; moves and copies to and from LUNs are in
 * {@link LunCopyApiTest}.
 */
@ManagerTest
class DiskCopyApiTest {

    static final long GIB = 1L << 30;

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    ApiClient api;
    AnsweringHost host;

    @BeforeEach
    void host() throws Exception {
        api = new ApiClient(port, "admin@internal", "test-pass");
        host = new AnsweringHost(context, api, "copy");
    }

    @AfterEach
    void close() throws Exception {
        host.close();
    }

    @Test
    void aDiskMovesAndCopiesBetweenDomainsAsJobsWithTheHostsProgress() throws Exception {
        String a = nfsDomain(api, host, 60 * GIB);
        String b = nfsDomain(api, host, 60 * GIB);
        String small = nfsDomain(api, host, GIB / 2);
        host.answer = c -> CommandResult.newBuilder().setOk(true).setStorage(StorageAnswer.newBuilder().setTotalBytes(100 * GIB)
                .setFreeBytes(50 * GIB).setVolume(VolumeSize.newBuilder().setVirtualBytes(GIB).setActualBytes(GIB)));
        JsonNode disk = api.post("/disks", """
                {"name": "%s", "storageDomainId": "%s", "sizeBytes": %d}""".formatted(StorageApiTest.unique("mv"), a, GIB)).body();
        String id = disk.path("id").asString();
        String oldVolume = disk.path("volumeId").asString();

        assertThat(api.post("/disks/" + id + "/move", "{}").body().path("errors").path(0).path("field").asString()).isEqualTo("storageDomainId");
        assertThat(api.post("/disks/" + id + "/move", "{\"storageDomainId\": \"%s\"}".formatted(a)).body().toString())
                .contains("storageDomainId", "already");
        var full = api.post("/disks/" + id + "/move", "{\"storageDomainId\": \"%s\"}".formatted(small));
        assertThat(full.status()).isEqualTo(409);
        assertThat(full.text("detail")).contains("needs");

        // the move: the host's progress shows in the job while the copy runs
        CountDownLatch seen = new CountDownLatch(1);
        var ok = host.answer;
        host.answer = c -> {
            if (c.hasCopyVolume()) {
                host.agent.send(AgentMessage.newBuilder().setVolumeProgress(VolumeProgress.newBuilder()
                        .setCommandId(c.getCommandId()).setPercent(40)).build());
                try {
                    seen.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return ok.apply(c);
        };
        var moving = api.post("/disks/" + id + "/move", "{\"storageDomainId\": \"%s\"}".formatted(b));
        assertThat(moving.status()).as(moving.body().toString()).isEqualTo(202);
        assertThat(moving.body().path("disk").path("status").asString()).isEqualTo("Locked");
        String job = moving.body().path("jobId").asString();
        StorageApiTest.eventually("the job shows the host's progress", () -> api.get("/jobs/" + job).body().path("progress").asInt() == 38);
        seen.countDown();
        assertThat(awaitJob(api, job).path("status").asString()).isEqualTo("finished");
        Command copy = last(host, Command.ActionCase.COPY_VOLUME);
        assertThat(copy.getCopyVolume().getFrom().getDomain().getDomainId()).isEqualTo(a);
        assertThat(copy.getCopyVolume().getTo().getDomain().getDomainId()).isEqualTo(b);
        assertThat(copy.getCopyVolume().getFrom().getVolumeId()).isEqualTo(oldVolume);
        JsonNode moved = api.get("/disks/" + id).body();
        assertThat(moved.path("storageDomainId").asString()).isEqualTo(b);
        assertThat(moved.path("status").asString()).isEqualTo("OK");
        assertThat(moved.path("volumeId").asString()).isEqualTo(copy.getCopyVolume().getTo().getVolumeId()).isNotEqualTo(oldVolume);
        Command removed = last(host, Command.ActionCase.DELETE_VOLUME);
        assertThat(removed.getDeleteVolume().getVolume().getVolumeId()).isEqualTo(oldVolume);
        assertThat(removed.getDeleteVolume().getVolume().getDomain().getDomainId()).isEqualTo(a);

        // a copy the host fails: the source is as it was, the new disk is gone, the job says why
        host.answer = c -> c.hasCopyVolume() ? StorageApiTest.refused("DRIVER_FAILURE", "TOOL_FAILED", "qemu-img: No space left on device")
                : ok.apply(c);
        String name = StorageApiTest.unique("cp");
        var copying = api.post("/disks/" + id + "/copy", "{\"storageDomainId\": \"%s\", \"name\": \"%s\"}".formatted(a, name));
        assertThat(copying.status()).as(copying.body().toString()).isEqualTo(202);
        JsonNode failed = awaitJob(api, copying.body().path("jobId").asString());
        assertThat(failed.path("status").asString()).isEqualTo("failed");
        assertThat(failed.path("reason").asString()).contains("No space left");
        assertThat(api.get("/disks?name=" + name).body().path("total").asLong()).isZero();
        assertThat(api.get("/disks/" + id).body().path("status").asString()).isEqualTo("OK");

        host.answer = ok;
        var copied = api.post("/disks/" + id + "/copy", "{\"storageDomainId\": \"%s\", \"name\": \"%s\"}".formatted(a, name));
        assertThat(awaitJob(api, copied.body().path("jobId").asString()).path("status").asString()).isEqualTo("finished");
        JsonNode made = api.get("/disks/" + copied.body().path("disk").path("id").asString()).body();
        assertThat(made.path("status").asString()).isEqualTo("OK");
        assertThat(made.path("storageDomainId").asString()).isEqualTo(a);
        assertThat(api.post("/disks/" + id + "/copy", "{\"storageDomainId\": \"%s\", \"name\": \"%s\"}".formatted(a, name)).status())
                .as("the name is taken").isEqualTo(409);

        // a disk with snapshots is not moved (the refusal names them); a running VM's disk neither
        String vm = api.post("/vms", "{\"name\": \"%s\", \"memoryMiB\": 64}".formatted(StorageApiTest.unique("vm"))).text("id");
        assertThat(api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\"}".formatted(id)).status()).isEqualTo(201);
        assertThat(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"before the move\"}").status()).isEqualTo(201);
        var snapshots = api.post("/disks/" + id + "/move", "{\"storageDomainId\": \"%s\"}".formatted(a));
        assertThat(snapshots.status()).isEqualTo(409);
        assertThat(snapshots.text("detail")).contains("before the move", "copy it");
        assertThat(api.post("/vms/" + vm + "/start", null).status()).isEqualTo(200);
        StorageApiTest.eventually("the VM runs", () -> !"WaitForLaunch".equals(api.get("/vms/" + vm).text("status")));
        assertThat(api.post("/disks/" + id + "/copy", "{\"storageDomainId\": \"%s\", \"name\": \"%s\"}".formatted(a, name + "x")).text("detail"))
                .contains("stop the VM");
        api.post("/vms/" + vm + "/stop", null);
    }

    @Test
    void aDiskOfARunningVmMovesLiveWithItsSnapshotsAndAFailedMoveLeavesItWhereItWas() throws Exception {
        String a = nfsDomain(api, host, 60 * GIB);
        String b = nfsDomain(api, host, 60 * GIB);
        java.util.function.Function<Command, CommandResult.Builder> ok = c -> CommandResult.newBuilder().setOk(true).setStorage(StorageAnswer.newBuilder().setTotalBytes(100 * GIB)
                .setFreeBytes(50 * GIB).setVolume(VolumeSize.newBuilder().setVirtualBytes(GIB).setActualBytes(GIB)));
        host.answer = ok;
        String id = api.post("/disks", """
                {"name": "%s", "storageDomainId": "%s", "sizeBytes": %d}""".formatted(StorageApiTest.unique("live"), a, GIB)).text("id");
        String vm = api.post("/vms", "{\"name\": \"%s\", \"memoryMiB\": 64}".formatted(StorageApiTest.unique("vm"))).text("id");
        assertThat(api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\"}".formatted(id)).status()).isEqualTo(201);
        assertThat(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"kept\"}").status()).isEqualTo(201);
        assertThat(api.post("/disks/" + id + "/move/cancel", null).status()).as("no move runs").isEqualTo(409);
        assertThat(api.post("/vms/" + vm + "/start", null).status()).isEqualTo(200);
        StorageApiTest.eventually("the VM is Up", () -> "Up".equals(api.get("/vms/" + vm).text("status")));
        String active = api.get("/disks/" + id).text("volumeId");

        // while the host mirrors, the VM may not migrate (its QEMU holds the mirror)
        CountDownLatch mirrored = new CountDownLatch(1);
        host.answer = c -> {
            if (c.hasLiveMove()) {
                try {
                    mirrored.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return ok.apply(c);
        };
        var moving = api.post("/disks/" + id + "/move", "{\"storageDomainId\": \"%s\"}".formatted(b));
        assertThat(moving.status()).as(moving.body().toString()).isEqualTo(202);
        var migrate = api.post("/vms/" + vm + "/migrate", null);
        assertThat(migrate.status()).isEqualTo(409);
        assertThat(migrate.text("detail")).contains("being moved live");
        mirrored.countDown();
        host.answer = ok;
        assertThat(awaitJob(api, moving.body().path("jobId").asString()).path("status").asString()).isEqualTo("finished");
        Command live = last(host, Command.ActionCase.LIVE_MOVE);
        assertThat(live.getLiveMove().getVmId()).isEqualTo(vm);
        assertThat(live.getLiveMove().getFromList()).hasSize(2).allMatch(v -> v.getDomain().getDomainId().equals(a));
        assertThat(live.getLiveMove().getToList()).hasSize(2).allMatch(v -> v.getDomain().getDomainId().equals(b));
        assertThat(live.getLiveMove().getFrom(0).getVolumeId()).isEqualTo(active).isEqualTo(live.getLiveMove().getTo(0).getVolumeId());
        JsonNode moved = api.get("/disks/" + id).body();
        assertThat(moved.path("storageDomainId").asString()).isEqualTo(b);
        assertThat(moved.path("status").asString()).isEqualTo("OK");
        assertThat(moved.path("volumeId").asString()).as("the volumes keep their ids on the new domain").isEqualTo(active);
        assertThat(host.asked(Command.ActionCase.DELETE_VOLUME).stream().map(c -> c.getDeleteVolume().getVolume())
                .filter(v -> v.getDomain().getDomainId().equals(a)).map(v -> v.getVolumeId()))
                .as("both source volumes are removed").hasSize(2).contains(active);

        // the host fails the move back: the disk stays on b, unlocked, and nothing is removed from b
        int removals = host.asked(Command.ActionCase.DELETE_VOLUME).size();
        host.answer = c -> c.hasLiveMove() ? StorageApiTest.refused("DRIVER_FAILURE", "", "QEMU's live move failed: No space left on device")
                : ok.apply(c);
        var back = api.post("/disks/" + id + "/move", "{\"storageDomainId\": \"%s\"}".formatted(a));
        JsonNode failed = awaitJob(api, back.body().path("jobId").asString());
        assertThat(failed.path("status").asString()).isEqualTo("failed");
        assertThat(failed.path("reason").asString()).contains("No space left");
        assertThat(api.get("/disks/" + id).body().path("storageDomainId").asString()).isEqualTo(b);
        assertThat(api.get("/disks/" + id).body().path("status").asString()).isEqualTo("OK");
        assertThat(host.asked(Command.ActionCase.DELETE_VOLUME)).hasSize(removals);
        assertThat(api.post("/disks/" + id + "/copy", "{\"storageDomainId\": \"%s\", \"name\": \"%s\"}"
                .formatted(a, StorageApiTest.unique("cp"))).text("detail")).as("a copy is still offline only").contains("stop the VM");
        host.answer = ok;
        api.post("/vms/" + vm + "/stop", null);
    }

    @Test
    void anUploadTakesTheSmallestFreeLunThatHoldsTheFileAndGivesItBackWhenCancelled() {
        String domain = StorageApiTest.iscsiDomain(api, host);

        var upload = api.post("/imagetransfers", """
                {"name": "%s", "storageDomainId": "%s", "format": "qcow2", "sizeBytes": %d}""".formatted(StorageApiTest.unique("up"), domain, GIB));
        assertThat(upload.status()).as(upload.body().toString()).isEqualTo(201);
        assertThat(api.get("/disks/" + upload.text("diskId")).body().path("lun").asInt()).isEqualTo(2);
        var tooLong = api.post("/imagetransfers", """
                {"name": "%s", "storageDomainId": "%s", "format": "raw", "sizeBytes": %d}""".formatted(StorageApiTest.unique("up"), domain, 4 * GIB));
        assertThat(tooLong.status()).isEqualTo(409);
        assertThat(tooLong.text("detail")).contains("no free LUN of", "free LUNs: 1 (");
        var iso = api.post("/imagetransfers", """
                {"name": "%s", "storageDomainId": "%s", "format": "iso", "sizeBytes": 4096}""".formatted(StorageApiTest.unique("iso"), domain));
        assertThat(iso.status()).isEqualTo(400);
        assertThat(iso.body().path("errors").path(0).path("field").asString()).isEqualTo("storageDomainId");

        assertThat(api.post("/imagetransfers/" + upload.text("id") + "/cancel", null).status()).isEqualTo(200);
        assertThat(api.get("/disks/" + upload.text("diskId")).status()).isEqualTo(404);
        var again = api.post("/imagetransfers", """
                {"name": "%s", "storageDomainId": "%s", "format": "qcow2", "sizeBytes": %d}""".formatted(StorageApiTest.unique("up"), domain, GIB));
        assertThat(api.get("/disks/" + again.text("diskId")).body().path("lun").asInt()).as("LUN 2 is free again").isEqualTo(2);
        api.post("/imagetransfers/" + again.text("id") + "/cancel", null);
    }

    static String nfsDomain(ApiClient api, AnsweringHost host, long free) {
        host.answer = c -> StorageApiTest.space(100 * GIB, free);
        var created = api.post("/storagedomains", """
                {"name": "%s", "type": "nfs", "hostId": "%s", "nfs": {"server": "10.213.0.10", "export": "/export"}}"""
                .formatted(StorageApiTest.unique("nfs"), host.id));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("id");
    }

    static Command last(AnsweringHost host, Command.ActionCase kind) {
        var asked = host.asked(kind);
        assertThat(asked).as("the host was asked " + kind).isNotEmpty();
        return asked.get(asked.size() - 1);
    }

    static JsonNode awaitJob(ApiClient api, String job) throws InterruptedException {
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
}
