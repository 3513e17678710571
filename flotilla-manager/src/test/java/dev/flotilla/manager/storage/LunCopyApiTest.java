package dev.flotilla.manager.storage;

import static dev.flotilla.manager.storage.DiskCopyApiTest.GIB;
import static dev.flotilla.manager.storage.DiskCopyApiTest.awaitJob;
import static dev.flotilla.manager.storage.DiskCopyApiTest.last;
import static dev.flotilla.manager.storage.DiskCopyApiTest.nfsDomain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.ImageFormat;
import dev.flotilla.protocol.v1.StorageAnswer;
import dev.flotilla.protocol.v1.VolumeSize;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Moves and copies to and from iSCSI LUNs through the REST API, against the real manager and
 * database with a fake host: offline, the copy command names the LUN picked (the smallest free one
 * that holds the disk) and the disk's own LUN; a move ends on the LUN and clears the one it left; a
 * copy leaves its source. Too small LUNs are refused with the figures before anything is taken; a
 * failed copy gives the LUN back; a disk with snapshots is copied onto a LUN (flattened), never
 * moved; a live move onto a LUN behind CHAP carries the domain's login to the host, and an offline
 * move between two CHAP logins carries both (the host keeps them apart).
 */
@ManagerTest
class LunCopyApiTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    ApiClient api;
    AnsweringHost host;
    /** Every command done; a new volume is of the size asked, a copied one of 1 GiB. */
    final Function<Command, CommandResult.Builder> ok = okAnswers();

    static Function<Command, CommandResult.Builder> okAnswers() {
        return c -> CommandResult.newBuilder().setOk(true).setStorage(StorageAnswer.newBuilder()
                .setTotalBytes(100 * GIB).setFreeBytes(50 * GIB).setVolume(VolumeSize.newBuilder()
                        .setVirtualBytes(c.hasCreateVolume() ? c.getCreateVolume().getSizeBytes() : GIB).setActualBytes(GIB)));
    }

    @BeforeEach
    void host() throws Exception {
        api = new ApiClient(port, "admin@internal", "test-pass");
        host = new AnsweringHost(context, api, "lun");
    }

    @AfterEach
    void close() throws Exception {
        host.close();
    }

    @Test
    void aStoppedDisksMovesOntoTheSmallestLunThatHoldsItAndCopiesComeOffAndOntoLuns() throws Exception {
        String luns = StorageApiTest.iscsiDomain(api, host); // LUN 1 of 3 GiB, LUN 2 of 2 GiB
        String nfs = nfsDomain(api, host, 60 * GIB);
        host.answer = ok;
        String disk = newDisk(nfs, GIB);
        String nfsVolume = api.get("/disks/" + disk).text("volumeId");

        assertThat(finished(api.post("/disks/" + disk + "/move", "{\"storageDomainId\": \"%s\"}".formatted(luns)))).isEqualTo("finished");
        Command onto = last(host, Command.ActionCase.COPY_VOLUME);
        assertThat(onto.getCopyVolume().getFrom().getDomain().getDomainId()).isEqualTo(nfs);
        assertThat(onto.getCopyVolume().getFrom().getVolumeId()).isEqualTo(nfsVolume);
        assertThat(onto.getCopyVolume().getTo().getDomain().getDomainId()).isEqualTo(luns);
        assertThat(onto.getCopyVolume().getTo().getLun()).as("the smallest LUN that holds 1 GiB").isEqualTo(2);
        assertThat(onto.getCopyVolume().getTo().getFormat()).isEqualTo(ImageFormat.QCOW2);
        JsonNode moved = api.get("/disks/" + disk).body();
        assertThat(moved.path("storageDomainId").asString()).isEqualTo(luns);
        assertThat(moved.path("lun").asInt()).isEqualTo(2);
        assertThat(moved.path("status").asString()).isEqualTo("OK");
        assertThat(last(host, Command.ActionCase.DELETE_VOLUME).getDeleteVolume().getVolume().getVolumeId()).isEqualTo(nfsVolume);

        // a copy off the LUN onto NFS reads LUN 2 and leaves the source where it is
        int removals = host.asked(Command.ActionCase.DELETE_VOLUME).size();
        var back = api.post("/disks/" + disk + "/copy", "{\"storageDomainId\": \"%s\", \"name\": \"%s\"}".formatted(nfs, StorageApiTest.unique("back")));
        assertThat(finished(back)).isEqualTo("finished");
        Command off = last(host, Command.ActionCase.COPY_VOLUME);
        assertThat(off.getCopyVolume().getFrom().getDomain().getDomainId()).isEqualTo(luns);
        assertThat(off.getCopyVolume().getFrom().getLun()).isEqualTo(2);
        assertThat(off.getCopyVolume().getTo().getDomain().getDomainId()).isEqualTo(nfs);
        JsonNode copy = api.get("/disks/" + back.body().path("disk").path("id").asString()).body();
        assertThat(copy.path("storageDomainId").asString()).isEqualTo(nfs);
        assertThat(copy.path("lun").isNull() || copy.path("lun").isMissingNode()).as(copy.toString()).isTrue();
        assertThat(api.get("/disks/" + disk).body().path("lun").asInt()).isEqualTo(2);
        assertThat(host.asked(Command.ActionCase.DELETE_VOLUME)).as("a copy removes nothing").hasSize(removals);

        // LUN to LUN: the copy takes the only free LUN left
        var twin = api.post("/disks/" + disk + "/copy", "{\"storageDomainId\": \"%s\", \"name\": \"%s\"}".formatted(luns, StorageApiTest.unique("twin")));
        assertThat(finished(twin)).isEqualTo("finished");
        assertThat(api.get("/disks/" + twin.body().path("disk").path("id").asString()).body().path("lun").asInt()).isEqualTo(1);
        assertThat(last(host, Command.ActionCase.COPY_VOLUME).getCopyVolume().getTo().getLun()).isEqualTo(1);

        // off the LUN again: the disk is a file volume and LUN 2 is cleared (the disk as it was names it)
        assertThat(finished(api.post("/disks/" + disk + "/move", "{\"storageDomainId\": \"%s\"}".formatted(nfs)))).isEqualTo("finished");
        JsonNode home = api.get("/disks/" + disk).body();
        assertThat(home.path("storageDomainId").asString()).isEqualTo(nfs);
        assertThat(home.path("lun").isNull() || home.path("lun").isMissingNode()).as(home.toString()).isTrue();
        var cleared = last(host, Command.ActionCase.DELETE_VOLUME).getDeleteVolume().getVolume();
        assertThat(cleared.getDomain().getDomainId()).isEqualTo(luns);
        assertThat(cleared.getLun()).isEqualTo(2);
    }

    @Test
    void tooSmallLunsAreRefusedWithTheFiguresAndAFailedCopyGivesItsLunBack() throws Exception {
        String luns = StorageApiTest.iscsiDomain(api, host);
        String nfs = nfsDomain(api, host, 60 * GIB);
        host.answer = ok;
        // a qcow2 disk of 3 GiB does not fit the LUN of 3 GiB: its metadata needs room too (qemu-img measure: 3221946368 bytes)
        String big = newDisk(nfs, 3 * GIB);

        var move = api.post("/disks/" + big + "/move", "{\"storageDomainId\": \"%s\"}".formatted(luns));
        assertThat(move.status()).isEqualTo(409);
        assertThat(move.text("detail")).contains("has no free LUN of 3.0 GiB or more", "3221946368 bytes are needed",
                "the largest free LUN holds " + 3 * GIB + " bytes", "1 (3 GiB)", "2 (2 GiB)");
        assertThat(move.body().path("details").toString()).contains("needed: 3221946368 bytes", "largest free LUN: " + 3 * GIB + " bytes",
                "LUN 1: " + 3 * GIB + " bytes");
        String name = StorageApiTest.unique("nocopy");
        var copy = api.post("/disks/" + big + "/copy", "{\"storageDomainId\": \"%s\", \"name\": \"%s\"}".formatted(luns, name));
        assertThat(copy.status()).isEqualTo(409);
        assertThat(copy.text("detail")).contains("has no free LUN of 3.0 GiB or more");
        assertThat(api.get("/disks?name=" + name).body().path("total").asLong()).isZero();
        assertThat(api.get("/disks/" + big).text("status")).isEqualTo("OK");
        assertThat(host.asked(Command.ActionCase.COPY_VOLUME)).as("no host was asked").isEmpty();

        // the host fails the copy halfway: the disk is as it was, the job says why, LUN 2 is free again
        String disk = newDisk(nfs, GIB);
        host.answer = c -> c.hasCopyVolume() ? StorageApiTest.refused("DRIVER_FAILURE", "TOOL_FAILED", "qemu-img: iSCSI: Failed to write to LUN 2")
                : ok.apply(c);
        JsonNode failed = awaitJob(api, api.post("/disks/" + disk + "/move", "{\"storageDomainId\": \"%s\"}".formatted(luns)).body()
                .path("jobId").asString());
        assertThat(failed.path("status").asString()).isEqualTo("failed");
        assertThat(failed.path("reason").asString()).contains("Failed to write to LUN 2");
        JsonNode same = api.get("/disks/" + disk).body();
        assertThat(same.path("storageDomainId").asString()).isEqualTo(nfs);
        assertThat(same.path("status").asString()).isEqualTo("OK");
        assertThat(host.asked(Command.ActionCase.DELETE_VOLUME)).as("the source volume stays").isEmpty();
        String failedCopy = StorageApiTest.unique("failed");
        assertThat(finished(api.post("/disks/" + disk + "/copy", "{\"storageDomainId\": \"%s\", \"name\": \"%s\"}".formatted(luns, failedCopy))))
                .isEqualTo("failed");
        assertThat(api.get("/disks?name=" + failedCopy).body().path("total").asLong()).isZero();

        host.answer = ok;
        assertThat(finished(api.post("/disks/" + disk + "/move", "{\"storageDomainId\": \"%s\"}".formatted(luns)))).isEqualTo("finished");
        assertThat(api.get("/disks/" + disk).body().path("lun").asInt()).as("LUN 2 was given back both times").isEqualTo(2);
    }

    @Test
    void aQcow2DiskAsLargeAsALunGoesToALargerOne() throws Exception {
        String luns = StorageApiTest.iscsiDomain(api, host); // LUN 1 of 3 GiB, LUN 2 of 2 GiB
        String nfs = nfsDomain(api, host, 60 * GIB);
        host.answer = ok;
        String disk = newDisk(nfs, 2 * GIB);

        assertThat(finished(api.post("/disks/" + disk + "/move", "{\"storageDomainId\": \"%s\"}".formatted(luns)))).isEqualTo("finished");
        assertThat(last(host, Command.ActionCase.COPY_VOLUME).getCopyVolume().getTo().getLun())
                .as("2 GiB of data and its qcow2 metadata do not fit LUN 2 of 2 GiB").isEqualTo(1);
        assertThat(api.get("/disks/" + disk).body().path("lun").asInt()).isEqualTo(1);
    }

    @Test
    void aDiskWithSnapshotsIsCopiedOntoALunFlattenedButNotMovedThere() throws Exception {
        String luns = StorageApiTest.iscsiDomain(api, host);
        String nfs = nfsDomain(api, host, 60 * GIB);
        host.answer = ok;
        String disk = newDisk(nfs, GIB);
        String vm = api.post("/vms", "{\"name\": \"%s\", \"memoryMiB\": 64}".formatted(StorageApiTest.unique("vm"))).text("id");
        assertThat(api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\"}".formatted(disk)).status()).isEqualTo(201);
        assertThat(api.post("/vms/" + vm + "/snapshots", "{\"description\": \"layered\"}").status()).isEqualTo(201);
        String active = api.get("/disks/" + disk).text("volumeId");

        var move = api.post("/disks/" + disk + "/move", "{\"storageDomainId\": \"%s\"}".formatted(luns));
        assertThat(move.status()).isEqualTo(409);
        assertThat(move.text("detail")).contains("'layered'", "an iSCSI LUN holds one volume", "copy it (a copy is flattened)");

        var copy = api.post("/disks/" + disk + "/copy", "{\"storageDomainId\": \"%s\", \"name\": \"%s\"}".formatted(luns, StorageApiTest.unique("flat")));
        assertThat(finished(copy)).isEqualTo("finished");
        Command flat = last(host, Command.ActionCase.COPY_VOLUME);
        assertThat(flat.getCopyVolume().getFrom().getVolumeId()).as("the active volume, read through its chain").isEqualTo(active);
        assertThat(flat.getCopyVolume().getTo().getLun()).isEqualTo(2);
        assertThat(api.get("/disks/" + copy.body().path("disk").path("id").asString()).body().path("lun").asInt()).isEqualTo(2);
    }

    @Test
    void aLiveMoveOntoAChapLunCarriesTheLoginAndAnOfflineMoveBetweenTwoChapLoginsCarriesBoth() throws Exception {
        String chap = chapDomain("flotilla", "chap-secret-1");
        String other = chapDomain("someone", "chap-secret-2");
        String nfs = nfsDomain(api, host, 60 * GIB);
        host.answer = ok;
        String disk = newDisk(nfs, GIB);
        String vm = api.post("/vms", "{\"name\": \"%s\", \"memoryMiB\": 64}".formatted(StorageApiTest.unique("vm"))).text("id");
        assertThat(api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\"}".formatted(disk)).status()).isEqualTo(201);
        assertThat(api.post("/vms/" + vm + "/start", null).status()).isEqualTo(200);
        StorageApiTest.eventually("the VM is Up", () -> "Up".equals(api.get("/vms/" + vm).text("status")));

        assertThat(finished(api.post("/disks/" + disk + "/move", "{\"storageDomainId\": \"%s\"}".formatted(chap)))).isEqualTo("finished");
        var to = last(host, Command.ActionCase.LIVE_MOVE).getLiveMove().getTo(0);
        assertThat(to.getDomain().getIscsi().getChapUser()).isEqualTo("flotilla");
        assertThat(to.getDomain().getIscsi().getChapSecret()).isEqualTo("chap-secret-1");
        assertThat(to.getLun()).isEqualTo(2);
        assertThat(api.get("/disks/" + disk).body().path("storageDomainId").asString()).isEqualTo(chap);

        api.post("/vms/" + vm + "/stop", null);
        StorageApiTest.eventually("the VM is Down", () -> "Down".equals(api.get("/vms/" + vm).text("status")));
        // offline between two CHAP logins: one copy command carries both, the host logs each side in with its own
        assertThat(finished(api.post("/disks/" + disk + "/move", "{\"storageDomainId\": \"%s\"}".formatted(other)))).isEqualTo("finished");
        var both = last(host, Command.ActionCase.COPY_VOLUME).getCopyVolume();
        assertThat(both.getFrom().getDomain().getIscsi().getChapUser()).isEqualTo("flotilla");
        assertThat(both.getFrom().getDomain().getIscsi().getChapSecret()).isEqualTo("chap-secret-1");
        assertThat(both.getFrom().getLun()).isEqualTo(2);
        assertThat(both.getTo().getDomain().getIscsi().getChapUser()).isEqualTo("someone");
        assertThat(both.getTo().getDomain().getIscsi().getChapSecret()).isEqualTo("chap-secret-2");
        assertThat(api.get("/disks/" + disk).body().path("storageDomainId").asString()).isEqualTo(other);
    }

    private String newDisk(String domain, long size) {
        var made = api.post("/disks", """
                {"name": "%s", "storageDomainId": "%s", "sizeBytes": %d}""".formatted(StorageApiTest.unique("d"), domain, size));
        assertThat(made.status()).as(made.body().toString()).isEqualTo(201);
        return made.text("id");
    }

    private String chapDomain(String user, String secret) {
        return StorageApiTest.iscsiDomain(api, host, """
                {"portal": "10.213.0.10", "target": "iqn.2025-01.dev.flotilla.lab:chap", "chapUser": "%s", "chapSecret": "%s"}"""
                .formatted(user, secret));
    }

    /** Starts the move or copy (202) and answers how its job ended. */
    private String finished(ApiClient.Response started) throws InterruptedException {
        assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
        return awaitJob(api, started.body().path("jobId").asString()).path("status").asString();
    }
}
