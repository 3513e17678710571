package dev.flotilla.manager.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.DiskVolumeInUse;
import dev.flotilla.protocol.v1.VolumeSize;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A manager that restarted in the middle of live disk moves: the disks are Locked "moving live to
 * storage domain T" since before this process, and the VM's host says which volume each disk really
 * runs on. Pivoted before the restart: finished in the database, unlocked, the source volumes
 * removed. Still on the source: the host is asked to cancel a mirror, the disk is unlocked where it
 * was. VM gone: the disk is Illegal, since nothing says which volume was written last.
 */
@ManagerTest
class LiveMoveSettlingApiTest {

    private static final long GIB = 1L << 30;

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;
    /** Reads the orphans once when the process is ready; this test plants its own later, then asks it to read again. */
    @Autowired
    LiveMoveSettling settling;

    @Test
    void theHostsReportOfTheVolumesInUseFinishesOrRollsBackEachMove() throws Exception {
        ApiClient api = new ApiClient(port, "admin@internal", "test-pass");
        try (AnsweringHost host = new AnsweringHost(context, api, "settle")) {
            host.answer = c -> CommandResult.newBuilder().setOk(true).setStorage(dev.flotilla.protocol.v1.StorageAnswer.newBuilder()
                    .setTotalBytes(100 * GIB).setFreeBytes(60 * GIB).setSummary("ok").setVolume(VolumeSize.newBuilder().setVirtualBytes(GIB)
                            .setActualBytes(GIB)));
            String source = domain(api, host);
            String target = domain(api, host);
            String targetName = api.get("/storagedomains/" + target).text("name");
            String[] pivoted = vmWithDisk(api, host, source, "settle-pivoted");
            String[] stayed = vmWithDisk(api, host, source, "settle-stayed");
            String gone = api.post("/disks", "{\"name\": \"settle-gone-%s\", \"storageDomainId\": \"%s\", \"sizeBytes\": %d}"
                    .formatted(Long.toHexString(System.nanoTime()), source, GIB)).text("id");
            // the pivoted disk's guest writes the target already; the other still runs on the source
            host.diskVolumes.put(pivoted[0], List.of(inUse(api, pivoted[1], target)));
            host.diskVolumes.put(stayed[0], List.of(inUse(api, stayed[1], source)));
            // an earlier manager process started the three moves and died before it wrote their end
            for (String disk : List.of(pivoted[1], stayed[1], gone)) {
                jdbc.sql("update disk set status = 'Locked', status_reason = :r where id = :id::uuid")
                        .param("r", "moving live to storage domain " + targetName).param("id", disk).update();
            }

            settling.findOrphans();

            AnsweringHost.await("the pivoted move finished", () -> api.get("/disks/" + pivoted[1]).body(),
                    d -> "OK".equals(d.path("status").asString()));
            assertThat(api.get("/disks/" + pivoted[1]).text("storageDomainId")).isEqualTo(target);
            assertThat(host.asked(Command.ActionCase.DELETE_VOLUME)).anySatisfy(c -> {
                assertThat(c.getDeleteVolume().getVolume().getDiskId()).isEqualTo(pivoted[1]);
                assertThat(c.getDeleteVolume().getVolume().getDomain().getDomainId()).isEqualTo(source);
            });
            assertThat(messages(api, pivoted[1])).anySatisfy(m -> assertThat(m).contains("cut by a manager restart, is finished",
                    "runs on the copy on " + targetName));

            AnsweringHost.await("the other move rolled back", () -> api.get("/disks/" + stayed[1]).body(),
                    d -> "OK".equals(d.path("status").asString()));
            assertThat(api.get("/disks/" + stayed[1]).text("storageDomainId")).isEqualTo(source);
            assertThat(host.asked(Command.ActionCase.CANCEL_LIVE_MOVE)).anySatisfy(c ->
                    assertThat(c.getCancelLiveMove().getDiskId()).isEqualTo(stayed[1]));
            assertThat(messages(api, stayed[1])).anySatisfy(m -> assertThat(m).contains("is rolled back", "runs on its volumes on"));

            AnsweringHost.await("the disk of no running VM Illegal", () -> api.get("/disks/" + gone).body(),
                    d -> "Illegal".equals(d.path("status").asString()));
            assertThat(messages(api, gone)).anySatisfy(m -> assertThat(m).contains("cannot be settled", "its VM no longer runs"));
            for (String vm : List.of(pivoted[0], stayed[0])) {
                api.post("/vms/" + vm + "/stop", null);
            }
        }
    }

    /** A VM running on the host with one disk on {@code domain}: its id and the disk's. */
    private static String[] vmWithDisk(ApiClient api, AnsweringHost host, String domain, String prefix) throws InterruptedException {
        String name = prefix + "-" + Long.toHexString(System.nanoTime());
        String vm = api.post("/vms", "{\"name\": \"%s\", \"cpus\": 1, \"memoryMiB\": 64}".formatted(name)).text("id");
        String disk = api.post("/disks", "{\"name\": \"%s-disk\", \"storageDomainId\": \"%s\", \"sizeBytes\": %d}".formatted(name, domain, GIB))
                .text("id");
        assertThat(api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\"}".formatted(disk)).status()).isEqualTo(201);
        assertThat(api.put("/vms/" + vm + "/pinnedhosts", "{\"hostIds\": [\"%s\"]}".formatted(host.id)).status()).isEqualTo(200);
        assertThat(api.post("/vms/" + vm + "/start", null).status()).isLessThan(300);
        AnsweringHost.await("VM " + name + " Up", () -> api.get("/vms/" + vm).body(), v -> "Up".equals(v.path("status").asString()));
        return new String[] {vm, disk};
    }

    private static DiskVolumeInUse inUse(ApiClient api, String disk, String domain) {
        return DiskVolumeInUse.newBuilder().setDiskId(disk).setVolumeId(api.get("/disks/" + disk).text("volumeId")).setDomainId(domain).build();
    }

    private static String domain(ApiClient api, AnsweringHost host) {
        var created = api.post("/storagedomains", """
                {"name": "settle-%s", "type": "nfs", "hostId": "%s", "nfs": {"server": "10.213.0.10", "export": "/export"}}"""
                .formatted(Long.toHexString(System.nanoTime()), host.id));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("id");
    }

    private static List<String> messages(ApiClient api, String objectId) {
        return api.get("/events?size=200&objectId=" + objectId).body().path("items").findValuesAsString("message");
    }
}
