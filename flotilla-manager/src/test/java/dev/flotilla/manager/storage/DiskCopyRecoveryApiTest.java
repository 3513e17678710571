package dev.flotilla.manager.storage;

import static dev.flotilla.manager.storage.DiskCopyApiTest.GIB;
import static dev.flotilla.manager.storage.DiskCopyApiTest.awaitJob;
import static dev.flotilla.manager.storage.DiskCopyApiTest.last;
import static dev.flotilla.manager.storage.DiskCopyApiTest.nfsDomain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.protocol.v1.Command;
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
 * A manager that stopped in the middle of offline moves and copies onto an iSCSI LUN: the host
 * took the copy and never answered, then the manager's process went (its jobs belong to an earlier
 * run). At the next start the moved disk is usable again on its source and the LUN its move had
 * claimed is free for the next disk; a copy's source is usable again and the half-made copy is
 * Illegal, for the admin to delete. A live move's claim waits for the VM's host: once it reports
 * the disk on the LUN, the disk names the LUN it claimed; rolled back, the LUN stays claimed while
 * the host may still pivot onto it, and the disk ends there if it does.
 */
@ManagerTest
class DiskCopyRecoveryApiTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;
    /** Runs once when the process is ready; this test leaves its own cut moves later, then asks it again. */
    @Autowired
    DiskCopyRecovery recovery;
    @Autowired
    LiveMoveSettling settling;

    ApiClient api;
    AnsweringHost host;

    @BeforeEach
    void host() throws Exception {
        api = new ApiClient(port, "admin@internal", "test-pass");
        host = new AnsweringHost(context, api, "recover");
    }

    @AfterEach
    void close() throws Exception {
        host.close();
    }

    @Test
    void aMoveOntoALunCutByARestartLeavesTheDiskOnItsSourceAndTheLunFree() throws Exception {
        String luns = StorageApiTest.iscsiDomain(api, host); // LUN 1 of 3 GiB, LUN 2 of 2 GiB
        String nfs = nfsDomain(api, host, 60 * GIB);
        host.answer = LunCopyApiTest.okAnswers();
        String disk = newDisk(nfs);
        String volume = api.get("/disks/" + disk).text("volumeId");
        host.unanswered.add(Command.ActionCase.COPY_VOLUME);

        var move = api.post("/disks/" + disk + "/move", "{\"storageDomainId\": \"%s\"}".formatted(luns));
        assertThat(move.status()).as(move.body().toString()).isEqualTo(202);
        AnsweringHost.await("the host copying", () -> api.get("/disks/" + disk).body(), d -> !host.asked(Command.ActionCase.COPY_VOLUME).isEmpty());
        assertThat(claims(disk)).as("LUN 2 is claimed while the copy runs").containsExactly(2);
        stopManager(move.body().path("jobId").asString());

        recovery.recover();

        JsonNode after = api.get("/disks/" + disk).body();
        assertThat(after.path("status").asString()).isEqualTo("OK");
        assertThat(after.path("storageDomainId").asString()).isEqualTo(nfs);
        assertThat(after.path("volumeId").asString()).isEqualTo(volume);
        assertThat(after.path("lun").isNull() || after.path("lun").isMissingNode()).as(after.toString()).isTrue();
        assertThat(claims(disk)).isEmpty();
        assertThat(messages(disk)).anySatisfy(m -> assertThat(m).contains("was cut by a manager restart", "the disk stays on",
                "LUN 2 of", "is free again"));

        // the next move takes LUN 2 again and ends there
        host.unanswered.clear();
        var again = api.post("/disks/" + disk + "/move", "{\"storageDomainId\": \"%s\"}".formatted(luns));
        assertThat(awaitJob(api, again.body().path("jobId").asString()).path("status").asString()).isEqualTo("finished");
        assertThat(last(host, Command.ActionCase.COPY_VOLUME).getCopyVolume().getTo().getLun()).isEqualTo(2);
        assertThat(api.get("/disks/" + disk).body().path("lun").asInt()).isEqualTo(2);
    }

    @Test
    void aCopyOntoALunCutByARestartUnlocksItsSourceAndLeavesTheCopyIllegal() throws Exception {
        String luns = StorageApiTest.iscsiDomain(api, host);
        String nfs = nfsDomain(api, host, 60 * GIB);
        host.answer = LunCopyApiTest.okAnswers();
        String disk = newDisk(nfs);
        host.unanswered.add(Command.ActionCase.COPY_VOLUME);

        var copy = api.post("/disks/" + disk + "/copy", "{\"storageDomainId\": \"%s\", \"name\": \"%s\"}".formatted(luns, StorageApiTest.unique("cut")));
        assertThat(copy.status()).as(copy.body().toString()).isEqualTo(202);
        String half = copy.body().path("disk").path("id").asString();
        AnsweringHost.await("the host copying", () -> api.get("/disks/" + disk).body(), d -> !host.asked(Command.ActionCase.COPY_VOLUME).isEmpty());
        stopManager(copy.body().path("jobId").asString());

        recovery.recover();

        assertThat(api.get("/disks/" + disk).text("status")).isEqualTo("OK");
        JsonNode illegal = api.get("/disks/" + half).body();
        assertThat(illegal.path("status").asString()).isEqualTo("Illegal");
        assertThat(illegal.path("statusReason").asString()).contains("cut by a manager restart", "delete it");
        assertThat(illegal.path("lun").asInt()).as("the half-made copy keeps its LUN until it is deleted").isEqualTo(2);
        assertThat(messages(half)).anySatisfy(m -> assertThat(m).contains("is incomplete", "frees LUN 2"));
    }

    @Test
    void aLiveMoveOntoALunThatPivotedBeforeTheRestartEndsOnTheLunItClaimed() throws Exception {
        CutMove cut = cutLiveMove();
        String disk = cut.disk();
        reportsDiskOn(cut, cut.luns());

        recovery.recover();
        assertThat(claims(disk)).as("a live move's claim waits for the host's word").containsExactly(2);
        settling.findOrphans();

        JsonNode moved = AnsweringHost.await("the pivoted move finished", () -> api.get("/disks/" + disk).body(),
                d -> "OK".equals(d.path("status").asString()));
        assertThat(moved.path("storageDomainId").asString()).isEqualTo(cut.luns());
        assertThat(moved.path("lun").asInt()).as("the disk names the LUN its move claimed").isEqualTo(2);
        assertThat(claims(disk)).isEmpty();
        api.post("/vms/" + cut.vm() + "/stop", null);
    }

    @Test
    void aLiveMoveRolledBackKeepsItsLunWhileItMayStillPivotAndEndsThereIfItDoes() throws Exception {
        CutMove cut = cutLiveMove();
        String disk = cut.disk();
        String source = api.get("/disks/" + disk).text("storageDomainId");
        reportsDiskOn(cut, source);

        settling.findOrphans();

        AnsweringHost.await("the move rolled back", () -> api.get("/disks/" + disk).body(), d -> "OK".equals(d.path("status").asString()));
        assertThat(api.get("/disks/" + disk).text("storageDomainId")).isEqualTo(source);
        assertThat(claims(disk)).as("no other disk takes the LUN the host may still pivot onto").containsExactly(2);

        // the host's mirror was further than it said: it pivots after all
        reportsDiskOn(cut, cut.luns());
        JsonNode pivoted = AnsweringHost.await("the late pivot recorded", () -> api.get("/disks/" + disk).body(),
                d -> cut.luns().equals(d.path("storageDomainId").asString()));
        assertThat(pivoted.path("lun").asInt()).isEqualTo(2);
        assertThat(claims(disk)).isEmpty();
        api.post("/vms/" + cut.vm() + "/stop", null);
    }

    /** A live move an earlier process started and never ended: the VM, its disk, the iSCSI domain it was going to. */
    private record CutMove(String vm, String disk, String luns) {
    }

    /** A VM Up with a disk on NFS whose live move onto LUN 2 of an iSCSI domain was cut (the LUN claimed, the disk Locked). */
    private CutMove cutLiveMove() throws Exception {
        String luns = StorageApiTest.iscsiDomain(api, host);
        String lunsName = api.get("/storagedomains/" + luns).text("name");
        String nfs = nfsDomain(api, host, 60 * GIB);
        host.answer = LunCopyApiTest.okAnswers();
        String disk = newDisk(nfs);
        String vm = api.post("/vms", "{\"name\": \"%s\", \"memoryMiB\": 64}".formatted(StorageApiTest.unique("vm"))).text("id");
        assertThat(api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\"}".formatted(disk)).status()).isEqualTo(201);
        assertThat(api.put("/vms/" + vm + "/pinnedhosts", "{\"hostIds\": [\"%s\"]}".formatted(host.id)).status()).isEqualTo(200);
        assertThat(api.post("/vms/" + vm + "/start", null).status()).isLessThan(300);
        AnsweringHost.await("the VM Up", () -> api.get("/vms/" + vm).body(), v -> "Up".equals(v.path("status").asString()));
        jdbc.sql("insert into lun_claim(storage_domain_id, lun, disk_id) values (:sd, 2, :d)").param("sd", UUID.fromString(luns))
                .param("d", UUID.fromString(disk)).update();
        jdbc.sql("update disk set status = 'Locked', status_reason = :r where id = :d").param("r", LiveMoveSettling.MOVING_LIVE + lunsName)
                .param("d", UUID.fromString(disk)).update();
        return new CutMove(vm, disk, luns);
    }

    /** From the next heartbeat on, the host says the VM's disk runs on {@code domain}. */
    private void reportsDiskOn(CutMove cut, String domain) {
        host.diskVolumes.put(cut.vm(), List.of(dev.flotilla.protocol.v1.DiskVolumeInUse.newBuilder().setDiskId(cut.disk())
                .setVolumeId(api.get("/disks/" + cut.disk()).text("volumeId")).setDomainId(domain).build()));
    }

    /** The manager that ran the job is gone: its job is an earlier process's, which nobody runs any more. */
    private void stopManager(String jobId) {
        assertThat(jdbc.sql("update job set manager_run = :run where id = :id").param("run", UUID.randomUUID())
                .param("id", UUID.fromString(jobId)).update()).isEqualTo(1);
    }

    private List<Integer> claims(String disk) {
        return jdbc.sql("select lun from lun_claim where disk_id = :d").param("d", UUID.fromString(disk)).query(Integer.class).list();
    }

    private List<String> messages(String objectId) {
        return api.get("/events?size=200&objectId=" + objectId).body().path("items").findValuesAsString("message");
    }

    private String newDisk(String domain) {
        var made = api.post("/disks", """
                {"name": "%s", "storageDomainId": "%s", "sizeBytes": %d}""".formatted(StorageApiTest.unique("d"), domain, GIB));
        assertThat(made.status()).as(made.body().toString()).isEqualTo(201);
        return made.text("id");
    }
}
