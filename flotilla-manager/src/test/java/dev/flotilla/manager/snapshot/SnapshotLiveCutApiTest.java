package dev.flotilla.manager.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.manager.storage.AnsweringHost;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.DiskVolumeInUse;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

/**
 * A live snapshot cut by a manager stop: the fake host takes the snapshot command and never
 * answers, the manager "starts again" (its start-up settling runs), and the host's reports of the
 * volumes the running VM's disk uses decide. On the planned overlay: the snapshot is taken, the
 * overlay active. Still on the old volume: the snapshot is gone, its overlay file removed, nothing
 * of it left in the chains. The VM Down since: the overlay the storage holds over the old volume is
 * kept active, so nothing the guest may have written into it is lost.
 */
@ManagerTest
class SnapshotLiveCutApiTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SnapshotRecovery recovery;
    @Autowired
    LiveSnapshotSettling settling;

    ApiClient api;
    AnsweringHost host;
    String domain;
    String vm;
    String disk;
    String base;

    @BeforeEach
    void runningVmWithADisk() throws Exception {
        api = new ApiClient(port, "admin@internal", "test-pass");
        host = new AnsweringHost(context, api, "cut");
        // every command answered, but a live snapshot's: taken, never answered
        host.answer = c -> c.hasCreateOverlays() && !c.getCreateOverlays().getVmId().isEmpty() ? null
                : CommandResult.newBuilder().setOk(true).setStorage(StorageAnswer.newBuilder().setTotalBytes(100L << 30).setFreeBytes(50L << 30));
        var d = api.post("/storagedomains", """
                {"name": "%s", "type": "nfs", "hostId": "%s", "nfs": {"server": "10.213.0.10", "export": "/export"}}"""
                .formatted(SnapshotApiTest.unique("nfs"), host.id));
        assertThat(d.status()).as(d.body().toString()).isEqualTo(201);
        domain = d.text("id");
        var created = api.post("/disks", "{\"name\": \"%s\", \"storageDomainId\": \"%s\", \"sizeBytes\": 67108864}"
                .formatted(SnapshotApiTest.unique("d"), domain));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        disk = created.text("id");
        base = created.text("volumeId");
        vm = api.post("/vms", "{\"name\": \"%s\", \"memoryMiB\": 64}".formatted(SnapshotApiTest.unique("vm"))).text("id");
        assertThat(api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\", \"bootable\": true}".formatted(disk)).status()).isEqualTo(201);
        assertThat(api.put("/vms/" + vm + "/pinnedhosts", "{\"hostIds\": [\"%s\"]}".formatted(host.id)).status()).isEqualTo(200);
        assertThat(api.post("/vms/" + vm + "/start", null).status()).isLessThan(300);
        SnapshotApiTest.awaitStatus(api, vm, "Up");
    }

    @AfterEach
    void close() throws Exception {
        api.post("/vms/" + vm + "/stop", null);
        host.close();
    }

    @Test
    void theVmRunningOnThePlannedOverlayCompletesTheSnapshot() throws Exception {
        String overlay = cutSnapshot();
        UUID snapshot = lockedSnapshot();
        host.diskVolumes.put(vm, List.of(inUse(overlay)));

        managerStarts();

        JsonNode s = AnsweringHost.await("the snapshot taken", () -> api.get("/vms/" + vm + "/snapshots/" + snapshot).body(),
                n -> "OK".equals(n.path("status").asString()));
        assertThat(s.path("volumes").path(0).path("volumeId").asString()).as("the old active volume keeps the snapshot's state").isEqualTo(base);
        assertThat(api.get("/disks/" + disk).text("volumeId")).as("the VM's writes go on into the overlay").isEqualTo(overlay);
        assertThat(plannedRows(snapshot)).isZero();
        assertThat(messages()).anySatisfy(m -> assertThat(m).contains("is taken", "its host reports what the VM runs on"));
    }

    @Test
    void theVmStillOnItsOldVolumeRollsTheSnapshotBack() throws Exception {
        String overlay = cutSnapshot();
        UUID snapshot = lockedSnapshot();
        host.diskVolumes.put(vm, List.of(inUse(base)));

        managerStarts();

        AnsweringHost.await("the snapshot gone", () -> IntNode.valueOf(jdbc.sql("select count(*) from snapshot where id = :s")
                .param("s", snapshot).query(Integer.class).single()), n -> n.asInt() == 0);
        assertThat(api.get("/vms/" + vm + "/snapshots/" + snapshot).status()).isEqualTo(404);
        assertThat(api.get("/disks/" + disk).text("volumeId")).isEqualTo(base);
        assertThat(jdbc.sql("select count(*) from volume where id = :v").param("v", UUID.fromString(overlay)).query(Long.class).single())
                .as("no volume row of the overlay").isZero();
        assertThat(plannedRows(snapshot)).isZero();
        assertThat(host.asked(Command.ActionCase.DELETE_VOLUME)).as("the overlay file removed")
                .anySatisfy(c -> assertThat(c.getDeleteVolume().getVolume().getVolumeId()).isEqualTo(overlay));
        assertThat(messages()).anySatisfy(m -> assertThat(m).contains("is rolled back", "no disk runs on its overlay"));
        assertThat(jdbc.sql("select count(*) from snapshot where vm_id = :vm").param("vm", UUID.fromString(vm)).query(Long.class).single())
                .as("no snapshot of the VM is left, Locked or not").isZero();
    }

    @Test
    void aVmDownSinceKeepsTheOverlayTheStorageHoldsOverItsOldVolume() throws Exception {
        String overlay = cutSnapshot();
        UUID snapshot = lockedSnapshot();
        // the guest stopped while no manager listened: no report says what it ran on, the storage holds the overlay over the old volume
        assertThat(api.post("/vms/" + vm + "/stop", null).status()).isLessThan(300);
        SnapshotApiTest.awaitStatus(api, vm, "Down");
        var answer = host.answer;
        host.answer = c -> !c.hasListVolumes() ? answer.apply(c) : CommandResult.newBuilder().setOk(true).setStorage(StorageAnswer.newBuilder()
                .addFoundVolumes(FoundVolume.newBuilder().setDiskId(disk).setVolumeId(base).setFormat("qcow2").setSizeBytes(67108864))
                .addFoundVolumes(FoundVolume.newBuilder().setDiskId(disk).setVolumeId(overlay).setFormat("qcow2").setSizeBytes(67108864)
                        .setParent(disk + "/" + base)));

        managerStarts();

        JsonNode s = AnsweringHost.await("the snapshot taken", () -> api.get("/vms/" + vm + "/snapshots/" + snapshot).body(),
                n -> "OK".equals(n.path("status").asString()));
        assertThat(s.path("statusReason").asString()).contains("the VM is Down and the storage holds them");
        assertThat(api.get("/disks/" + disk).text("volumeId")).as("the next start runs on what the guest wrote last").isEqualTo(overlay);
        assertThat(plannedRows(snapshot)).isZero();
    }

    /** Asks for a live snapshot the host takes and never answers; answers the overlay the host was asked to make. */
    private String cutSnapshot() throws InterruptedException {
        Thread asking = new Thread(() -> api.post("/vms/" + vm + "/snapshots", "{\"description\": \"cut\"}"), "cut-snapshot");
        asking.setDaemon(true);
        asking.start();
        AnsweringHost.await("the host asked for the live overlays", () -> null,
                n -> !host.asked(Command.ActionCase.CREATE_OVERLAYS).isEmpty());
        Command asked = host.asked(Command.ActionCase.CREATE_OVERLAYS).get(0);
        assertThat(asked.getCreateOverlays().getVmId()).isEqualTo(vm);
        assertThat(asked.getCreateOverlays().getOverlays(0).getBacking().getVolumeId()).isEqualTo(base);
        return asked.getCreateOverlays().getOverlays(0).getVolume().getVolumeId();
    }

    private UUID lockedSnapshot() {
        UUID id = jdbc.sql("select id from snapshot where vm_id = :vm and status = 'Locked'").param("vm", UUID.fromString(vm)).query(UUID.class).single();
        assertThat(plannedRows(id)).as("its overlay planned before the host was asked").isEqualTo(1);
        return id;
    }

    /** What a manager start runs: the recovery leaves a snapshot with planned overlays to the settling, which watches it. */
    private void managerStarts() {
        recovery.unlockInterrupted();
        settling.findCut();
    }

    private long plannedRows(UUID snapshot) {
        return jdbc.sql("select count(*) from snapshot_planned_overlay where snapshot_id = :s").param("s", snapshot).query(Long.class).single();
    }

    private DiskVolumeInUse inUse(String volume) {
        return DiskVolumeInUse.newBuilder().setDiskId(disk).setVolumeId(volume).setDomainId(domain).build();
    }

    private List<String> messages() {
        return api.get("/events?size=200&objectId=" + vm).body().path("items").findValuesAsString("message");
    }
}
