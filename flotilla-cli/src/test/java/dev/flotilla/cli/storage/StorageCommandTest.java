package dev.flotilla.cli.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.cli.FakeManager;
import dev.flotilla.cli.FakeManager.CliResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageCommandTest {

    static final String SD = "5d000000-1111-4222-8333-444455556666";
    static final String HOST = "c0ffee00-1111-4222-8333-444455556666";
    static final String DISK = "d1500000-1111-4222-8333-444455556666";
    static final String VM = "0b000000-1111-4222-8333-444455556666";
    static final String NFS_JSON = """
            {"id":"%s","name":"nfs1","type":"nfs","role":"data","status":"Active","statusReason":"","nfs":{"server":"10.0.0.5","export":"/export"},
             "iscsi":null,"path":null,"totalBytes":107374182400,"freeBytes":64424509440,"diskCount":2}""".formatted(SD);
    static final String DISK_JSON = """
            {"id":"%s","name":"data1","storageDomainId":"%s","storageDomainName":"nfs1","format":"qcow2","sizeBytes":10737418240,
             "actualBytes":196608,"status":"OK","statusReason":"","vmId":"%s","vmName":"web1"}""".formatted(DISK, SD, VM);

    FakeManager manager;
    final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        manager = new FakeManager();
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    private JsonNode body(int request) throws Exception {
        return json.readTree(manager.requests().get(request).body());
    }

    @Test
    void showPrintsEachHostsMonitorOfTheDomain() {
        String seen = NFS_JSON.replace("\"diskCount\":2}", """
                "diskCount":2,"monitor":[
                 {"hostName":"node1","checked":true,"valid":true,"lastCheckDelayMs":8,"lastCheckAgeMs":2000,"error":""},
                 {"hostName":"node2","checked":false,"valid":false,"lastCheckDelayMs":0,"lastCheckAgeMs":0,"error":""}]}""");
        manager.on("GET /api/v1/storagedomains?name=nfs1", 200, "{\"items\":[" + seen + "],\"total\":1}")
                .on("GET /api/v1/storagedomains/" + SD, 200, seen);

        var result = manager.cli("storage", "show", "nfs1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).contains("Seen from node1: valid (read in 8 ms, 2.0 s ago)", "Seen from node2: not checked yet");
    }

    @Test
    void listShowsWhereAndTheSpaceInShortUnits() {
        manager.on("GET /api/v1/storagedomains", 200, "{\"items\":[" + NFS_JSON + "],\"total\":1}");

        CliResult result = manager.cli("storage", "list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).containsExactly(
                "NAME   STATUS   TYPE   ROLE   WHERE              FREE    TOTAL    DISKS   ID",
                "nfs1   Active   nfs    data   10.0.0.5:/export   60GiB   100GiB   2       " + SD);
    }

    @Test
    void createSendsTheBlockOfItsTypeWithTheCheckingHost() throws Exception {
        manager.on("GET /api/v1/hosts?name=hv1", 200, "{\"items\":[{\"id\":\"" + HOST + "\",\"name\":\"hv1\"}],\"total\":1}")
                .on("POST /api/v1/storagedomains", 201, NFS_JSON);

        CliResult result = manager.cli("storage", "create", "--name", "nfs1", "--type", "nfs", "--server", "10.0.0.5",
                "--export", "/export", "--host", "hv1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode sent = body(1);
        assertThat(sent.path("nfs").path("server").asText()).isEqualTo("10.0.0.5");
        assertThat(sent.path("nfs").path("export").asText()).isEqualTo("/export");
        assertThat(sent.path("hostId").asText()).isEqualTo(HOST);
        assertThat(sent.path("iscsi").isNull()).isTrue();
    }

    @Test
    void importAsksForTheDisksToBeRegisteredAndSaysWhatCameIn() throws Exception {
        String imported = NFS_JSON.substring(0, NFS_JSON.lastIndexOf('}'))
                + ",\"imported\":{\"imported\":2,\"importedDiskIds\":[\"a\",\"b\"],"
                + "\"skipped\":[{\"diskId\":\"c\",\"reason\":\"volume x is over volume y, which is missing from the domain\"}]}}";
        manager.on("POST /api/v1/storagedomains", 201, imported);

        CliResult result = manager.cli("storage", "create", "--name", "old", "--type", "posix", "--path", "/srv/old", "--import");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(body(0).path("import").asBoolean()).isTrue();
        assertThat(body(0).path("path").asText()).isEqualTo("/srv/old");
        assertThat(result.out()).contains("2 disk(s) imported", "skipped c: volume x is over volume y, which is missing");
    }

    @Test
    void anNfsExportIsImportedTheSameWay() throws Exception {
        manager.on("POST /api/v1/storagedomains", 201, NFS_JSON.substring(0, NFS_JSON.lastIndexOf('}'))
                + ",\"imported\":{\"imported\":1,\"importedDiskIds\":[\"a\"],\"skipped\":[]}}");

        CliResult result = manager.cli("storage", "create", "--name", "old-nfs", "--type", "nfs", "--server", "10.0.0.5",
                "--export", "/export/old", "--import");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(body(0).path("import").asBoolean()).isTrue();
        assertThat(body(0).path("type").asText()).isEqualTo("nfs");
        assertThat(body(0).path("nfs").path("export").asText()).isEqualTo("/export/old");
        assertThat(result.out()).contains("1 disk(s) imported");
    }

    @Test
    void theChapSecretComesFromAFileAndARefusalNamesTheField() throws Exception {
        Path secret = Files.writeString(dir.resolve("chap"), "s3cret\n");
        manager.problem("POST /api/v1/storagedomains", 400, """
                {"title":"Invalid input","status":400,"detail":"storage domain i1 cannot be added: the iSCSI target refused the CHAP login",
                 "errors":[{"field":"iscsi.chapSecret","reason":"the iSCSI target refused the CHAP login of user u"}]}""");

        CliResult result = manager.cli("storage", "create", "--name", "i1", "--type", "iscsi", "--portal", "10.0.0.5",
                "--target", "iqn.2025-01.dev.x:t", "--chap-user", "u", "--chap-secret-file", secret.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(body(0).path("iscsi").path("chapSecret").asText()).isEqualTo("s3cret");
        assertThat(result.err()).contains("refused the CHAP login", "iscsi.chapSecret:").doesNotContain("s3cret");
    }

    @Test
    void stateVerbsPostToTheDomainByName() {
        manager.on("GET /api/v1/storagedomains?name=nfs1", 200, "{\"items\":[" + NFS_JSON + "],\"total\":1}")
                .on("POST /api/v1/storagedomains/" + SD + "/deactivate", 200, NFS_JSON.replace("\"Active\"", "\"Maintenance\""));

        CliResult result = manager.cli("storage", "deactivate", "nfs1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Maintenance");
    }

    @Test
    void diskCreateTakesASizeWithAUnitAndTheDomainByName() throws Exception {
        manager.on("GET /api/v1/storagedomains?name=nfs1", 200, "{\"items\":[" + NFS_JSON + "],\"total\":1}")
                .on("POST /api/v1/disks", 201, DISK_JSON);

        CliResult result = manager.cli("disk", "create", "--name", "data1", "--storage", "nfs1", "--size", "10G");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(body(1).path("sizeBytes").asLong()).isEqualTo(10L << 30);
        assertThat(body(1).path("format").asText()).isEqualTo("qcow2");
        assertThat(body(1).path("storageDomainId").asText()).isEqualTo(SD);
        assertThat(result.outLines().get(1)).contains("data1", "OK", "10GiB", "192KiB", "nfs1", "web1");
    }

    @Test
    void attachAndDetachFindTheVmAndTheDisk() throws Exception {
        manager.on("GET /api/v1/vms?name=web1", 200, "{\"items\":[{\"id\":\"" + VM + "\",\"name\":\"web1\"}],\"total\":1}")
                .on("GET /api/v1/disks?name=data1", 200, "{\"items\":[" + DISK_JSON + "],\"total\":1}")
                .on("POST /api/v1/vms/" + VM + "/disks", 201, """
                        {"diskId":"%s","name":"data1","interface":"virtio-scsi","bootable":true,"readOnly":false,"sizeBytes":10737418240}""".formatted(DISK))
                .on("GET /api/v1/disks/" + DISK, 200, DISK_JSON)
                .on("DELETE /api/v1/vms/" + VM + "/disks/" + DISK, 204, null);

        CliResult attached = manager.cli("disk", "attach", "data1", "--vm", "web1", "--interface", "virtio-scsi", "--bootable");
        CliResult detached = manager.cli("disk", "detach", "data1");

        assertThat(attached.exitCode()).as(attached.err()).isZero();
        assertThat(attached.out()).contains("virtio-scsi");
        JsonNode sent = json.readTree(manager.requests().stream().filter(r -> r.method().equals("POST")).findFirst().orElseThrow().body());
        assertThat(sent.path("interface").asText()).isEqualTo("virtio-scsi");
        assertThat(sent.path("bootable").asBoolean()).isTrue();
        assertThat(detached.exitCode()).as(detached.err()).isZero();
        assertThat(detached.out()).contains("detached from VM web1");
        assertThat(manager.calls()).contains("DELETE /api/v1/vms/" + VM + "/disks/" + DISK);
    }

    @Test
    void moveAndCopyNameTheTargetDomainAndPrintTheJob() throws Exception {
        manager.on("GET /api/v1/storagedomains?name=nfs1", 200, "{\"items\":[" + NFS_JSON + "],\"total\":1}")
                .on("GET /api/v1/disks?name=data1", 200, "{\"items\":[" + DISK_JSON + "],\"total\":1}")
                .on("POST /api/v1/disks/" + DISK + "/move", 202, "{\"jobId\":\"j-move\",\"disk\":" + DISK_JSON + "}")
                .on("POST /api/v1/disks/" + DISK + "/copy", 202, "{\"jobId\":\"j-copy\",\"disk\":" + DISK_JSON + "}");

        CliResult moved = manager.cli("disk", "move", "data1", "--storage", "nfs1");
        CliResult copied = manager.cli("disk", "copy", "data1", "--storage", "nfs1", "--name", "data1-copy");

        assertThat(moved.exitCode()).as(moved.err()).isZero();
        assertThat(moved.out()).contains("j-move");
        assertThat(copied.exitCode()).as(copied.err()).isZero();
        assertThat(copied.out()).contains("j-copy");
        var posts = manager.requests().stream().filter(r -> r.method().equals("POST")).toList();
        assertThat(json.readTree(posts.get(0).body()).path("storageDomainId").asText()).isEqualTo(SD);
        JsonNode copy = json.readTree(posts.get(1).body());
        assertThat(copy.path("storageDomainId").asText()).isEqualTo(SD);
        assertThat(copy.path("name").asText()).isEqualTo("data1-copy");
    }

    @Test
    void cancelMovePostsToTheDisksMoveAndAConflictIsPrinted() {
        manager.on("GET /api/v1/disks?name=data1", 200, "{\"items\":[" + DISK_JSON + "],\"total\":1}")
                .on("GET /api/v1/disks?name=data1", 200, "{\"items\":[" + DISK_JSON + "],\"total\":1}")
                .on("POST /api/v1/disks/" + DISK + "/move/cancel", 200, DISK_JSON)
                .problem("POST /api/v1/disks/" + DISK + "/move/cancel", 409,
                        "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"no live move of disk data1 is running\"}");

        CliResult cancelled = manager.cli("disk", "cancel-move", "data1");
        CliResult refused = manager.cli("disk", "cancel-move", "data1");

        assertThat(cancelled.exitCode()).as(cancelled.err()).isZero();
        assertThat(cancelled.out()).contains("cancelling the live move of disk data1");
        assertThat(manager.calls()).contains("POST /api/v1/disks/" + DISK + "/move/cancel");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("no live move of disk data1 is running");
    }

    @Test
    void sizesAreBinaryAndMustBePositive() {
        assertThat(Size.parse("10G")).isEqualTo(10L << 30);
        assertThat(Size.parse("512M")).isEqualTo(512L << 20);
        assertThat(Size.parse("1.5GiB")).isEqualTo(3L << 29);
        assertThat(Size.parse("4096")).isEqualTo(4096);
        assertThatThrownBy(() -> Size.parse("ten")).hasMessageContaining("not a size");
        assertThatThrownBy(() -> Size.parse("0")).hasMessageContaining("not a positive size");
    }
}
