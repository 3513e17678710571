package dev.flotilla.manager.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.LunInfo;
import dev.flotilla.protocol.v1.StorageAnswer;
import dev.flotilla.protocol.v1.VolumeSize;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Storage domains through the REST API against the real manager and database, with a fake host
 * that answers the storage commands as told: what a refusal answers, what is left behind (nothing)
 * and what the event log keeps.
 */
@ManagerTest
public class StorageApiTest {

    static final long GIB = 1024L * 1024 * 1024;

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    ApiClient api;
    AnsweringHost host;

    @BeforeEach
    void host() throws Exception {
        api = new ApiClient(port, "admin@internal", "test-pass");
        host = new AnsweringHost(context, api, "storage");
    }

    @AfterEach
    void close() throws Exception {
        host.close();
    }

    static String unique(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime());
    }

    static CommandResult.Builder space(long total, long free) {
        return CommandResult.newBuilder().setOk(true)
                .setStorage(StorageAnswer.newBuilder().setTotalBytes(total).setFreeBytes(free).setSummary(free + " bytes free"));
    }

    static CommandResult.Builder refused(String code, String problem, String message) {
        return CommandResult.newBuilder().setOk(false).setErrorCode(code).setErrorMessage(message)
                .setStorage(StorageAnswer.newBuilder().setProblem(problem));
    }

    /** An Active iSCSI domain with LUN 1 of 3 GiB and LUN 2 of 2 GiB (the host then answers every command with those LUNs). */
    public static String iscsiDomain(ApiClient api, AnsweringHost host) {
        return iscsiDomain(api, host, """
                {"portal": "10.213.0.10:3260", "target": "iqn.2025-01.dev.flotilla.lab:open"}""");
    }

    /** The same LUNs behind the target {@code iscsi} names (JSON: portal, target, maybe CHAP). */
    static String iscsiDomain(ApiClient api, AnsweringHost host, String iscsi) {
        host.answer = c -> CommandResult.newBuilder().setOk(true).setStorage(StorageAnswer.newBuilder().setTotalBytes(5 * GIB)
                .addLuns(LunInfo.newBuilder().setNumber(1).setSizeBytes(3 * GIB)).addLuns(LunInfo.newBuilder().setNumber(2).setSizeBytes(2 * GIB)));
        var domain = api.post("/storagedomains", """
                {"name": "%s", "type": "iscsi", "hostId": "%s", "iscsi": %s}"""
                .formatted(unique("iscsi"), host.id, iscsi));
        assertThat(domain.status()).as(domain.body().toString()).isEqualTo(201);
        return domain.text("id");
    }

    String nfsBody(String name, String export) {
        return """
                {"name": "%s", "type": "nfs", "hostId": "%s", "nfs": {"server": "10.213.0.10", "export": "%s"}}""".formatted(name, host.id, export);
    }

    /** Makes an Active nfs data domain whose host reports {@code free} bytes free. */
    String nfsDomain(long free) {
        host.answer = c -> space(100 * GIB, free);
        var created = api.post("/storagedomains", nfsBody(unique("nfs"), "/export"));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("id");
    }

    JsonNode events(String query) {
        return api.get("/events?size=200&" + query).body().path("items");
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void anNfsDomainIsCheckedByTheHostAndRecordedActiveWithItsSpace() {
        host.answer = c -> space(100 * GIB, 60 * GIB);
        String name = unique("nfs");

        var created = api.post("/storagedomains", nfsBody(name, "/export/"));

        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.text("status")).isEqualTo("Active");
        assertThat(created.text("type")).isEqualTo("nfs");
        assertThat(created.text("role")).isEqualTo("data");
        assertThat(created.body().path("nfs").path("export").asString()).isEqualTo("/export");
        assertThat(created.body().path("freeBytes").asLong()).isEqualTo(60 * GIB);
        assertThat(created.body().path("totalBytes").asLong()).isEqualTo(100 * GIB);
        assertThat(created.body().path("dataCenterId").asString()).isNotEmpty();
        var probe = host.asked(Command.ActionCase.PROBE_STORAGE);
        assertThat(probe).hasSize(1);
        assertThat(probe.get(0).getProbeStorage().getDomain().getNfs().getServer()).isEqualTo("10.213.0.10");
        assertThat(probe.get(0).getProbeStorage().getDomain().getNfs().getExport()).isEqualTo("/export");
        assertThat(events("objectId=" + created.text("id")).findValuesAsString("message"))
                .anySatisfy(m -> assertThat(m).contains(name, "is Active", "bytes free"));
    }

    @Test
    void aWrongExportAnswers400NamingTheFieldWithTheHostsWordsAndLeavesNothing() {
        host.answer = c -> refused("INVALID_SPEC", "NO_SUCH_EXPORT",
                "the NFS server 10.213.0.10 exports no path /wrong (exports: /export, /iso)");
        String name = unique("wrong");

        var r = api.post("/storagedomains", nfsBody(name, "/wrong"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text("detail")).contains("exports no path /wrong (exports: /export, /iso)");
        assertThat(r.body().path("errors").path(0).path("field").asString()).isEqualTo("nfs.export");
        assertThat(api.get("/storagedomains?size=1000").body().path("items").findValuesAsString("name")).doesNotContain(name);
        assertThat(events("objectType=storage_domain").findValuesAsString("message"))
                .anySatisfy(m -> assertThat(m).contains(name, "cannot be added", "exports no path /wrong"));
    }

    @Test
    void aRefusedChapLoginAnswers400OnTheSecretAndTheSecretIsNeverEchoed() {
        host.answer = c -> refused("INVALID_SPEC", "LOGIN_FAILED", "the iSCSI target refused the CHAP login of user flotilla");
        String name = unique("chap");
        String body = """
                {"name": "%s", "type": "iscsi", "hostId": "%s",
                 "iscsi": {"portal": "10.213.0.10", "target": "iqn.2025-01.dev.flotilla.lab:chap", "chapUser": "flotilla", "chapSecret": "wrong-secret-42"}}"""
                .formatted(name, host.id);

        var r = api.post("/storagedomains", body);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("errors").path(0).path("field").asString()).isEqualTo("iscsi.chapSecret");
        assertThat(r.body().toString()).contains("refused the CHAP login").doesNotContain("wrong-secret-42");
        assertThat(host.asked(Command.ActionCase.PROBE_STORAGE).get(0).getProbeStorage().getDomain().getIscsi().getChapSecret())
                .as("the host gets the secret").isEqualTo("wrong-secret-42");
        assertThat(api.get("/storagedomains?size=1000").body().path("items").findValuesAsString("name")).doesNotContain(name);

        host.answer = c -> space(2 * GIB, 0).setStorage(StorageAnswer.newBuilder().setTotalBytes(2 * GIB)
                .addLuns(LunInfo.newBuilder().setNumber(1).setSizeBytes(GIB)).addLuns(LunInfo.newBuilder().setNumber(2).setSizeBytes(GIB)));
        var ok = api.post("/storagedomains", body.replace("wrong-secret-42", "right-secret"));
        assertThat(ok.status()).as(ok.body().toString()).isEqualTo(201);
        assertThat(ok.body().path("iscsi").path("chapSecretSet").asBoolean()).isTrue();
        assertThat(ok.body().toString()).doesNotContain("right-secret");
        assertThat(api.get("/storagedomains/" + ok.text("id")).body().toString()).doesNotContain("right-secret");
        assertThat(ok.body().path("freeBytes").asLong()).as("free LUNs").isEqualTo(2 * GIB);
    }

    @Test
    void anUnreachableServerAnswers409() {
        host.answer = c -> refused("DRIVER_FAILURE", "UNREACHABLE", "the NFS server 10.213.0.250 does not answer on port 111 (rpcbind)");

        var r = api.post("/storagedomains", nfsBody(unique("away"), "/export"));

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.text("detail")).contains("does not answer on port 111");
    }

    @Test
    void badInputAnswers400NamingEachFieldWithoutAskingAnyHost() {
        var r = api.post("/storagedomains", """
                {"name": "bad name", "type": "iscsi", "role": "iso", "iscsi": {"portal": "x y", "target": "not-an-iqn", "chapUser": "u"}}""");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("errors").findValuesAsString("field"))
                .contains("name", "role", "iscsi.portal", "iscsi.target", "iscsi.chapSecret");
        assertThat(api.post("/storagedomains", "{\"name\": \"x\", \"type\": \"nfs\"}").body().path("errors").findValuesAsString("field"))
                .containsExactly("nfs");
        assertThat(api.post("/storagedomains", "{\"name\": \"x\", \"type\": \"posix\", \"path\": \"relative/dir\"}").body()
                .path("errors").findValuesAsString("field")).containsExactly("path");
        assertThat(host.commands).isEmpty();
    }

    @Test
    void theStatesMoveAsTheTableSaysAndActivateAsksAHostAgain() {
        String id = nfsDomain(50 * GIB);

        assertThat(api.post("/storagedomains/" + id + "/detach", null).status()).as("detach needs Maintenance").isEqualTo(409);
        assertThat(api.post("/storagedomains/" + id + "/deactivate", null).text("status")).isEqualTo("Maintenance");
        assertThat(api.post("/storagedomains/" + id + "/detach", null).text("status")).isEqualTo("Unattached");
        assertThat(api.get("/storagedomains/" + id).body().path("dataCenterId").isNull()).isTrue();
        assertThat(api.post("/storagedomains/" + id + "/activate", null).status()).as("Unattached cannot be activated").isEqualTo(409);
        assertThat(api.post("/storagedomains/" + id + "/attach", "{}").body().path("errors").path(0).path("field").asString())
                .isEqualTo("dataCenterId");
        String defaultId = defaultDataCenterId();
        assertThat(api.post("/storagedomains/" + id + "/attach", "{\"dataCenterId\": \"" + defaultId + "\"}").text("status")).isEqualTo("Maintenance");

        host.answer = c -> refused("DRIVER_FAILURE", "UNREACHABLE", "the NFS server went away");
        var failed = api.post("/storagedomains/" + id + "/activate", null);
        assertThat(failed.status()).isEqualTo(409);
        assertThat(api.get("/storagedomains/" + id).text("status")).isEqualTo("Inactive");
        assertThat(api.get("/storagedomains/" + id).text("statusReason")).contains("the NFS server went away");

        host.answer = c -> space(100 * GIB, 42 * GIB);
        var active = api.post("/storagedomains/" + id + "/activate", null);
        assertThat(active.text("status")).isEqualTo("Active");
        assertThat(active.body().path("freeBytes").asLong()).isEqualTo(42 * GIB);

        assertThat(api.delete("/storagedomains/" + id).status()).as("an Active domain is not deleted").isEqualTo(409);
        api.post("/storagedomains/" + id + "/deactivate", null);
        assertThat(api.delete("/storagedomains/" + id).status()).isEqualTo(204);
        assertThat(api.get("/storagedomains/" + id).status()).isEqualTo(404);
    }

    @Test
    void aDataCenterWithAStorageDomainIsNotDeleted() {
        var dc = api.post("/datacenters", "{\"name\": \"%s\"}".formatted(unique("dc")));
        String id = nfsDomain(GIB);
        api.post("/storagedomains/" + id + "/deactivate", null);
        api.post("/storagedomains/" + id + "/detach", null);
        api.post("/storagedomains/" + id + "/attach", "{\"dataCenterId\": \"%s\"}".formatted(dc.text("id")));

        var refused = api.delete("/datacenters/" + dc.text("id"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("detail")).contains("1 storage domain(s)");
        api.post("/storagedomains/" + id + "/detach", null);
        assertThat(api.delete("/datacenters/" + dc.text("id")).status()).isEqualTo(204);
    }

    String defaultDataCenterId() {
        for (JsonNode dc : api.get("/datacenters?size=1000").body().path("items")) {
            if (dc.path("name").asString().equals("Default")) {
                return dc.path("id").asString();
            }
        }
        throw new AssertionError("no Default data center");
    }

    @Test
    void aFullDomainRefusesARawDiskWithTheFiguresAndAsksNoHost() {
        String domain = nfsDomain(10 * GIB);
        host.commands.clear();

        var r = api.post("/disks", """
                {"name": "%s", "storageDomainId": "%s", "sizeBytes": %d, "format": "raw"}""".formatted(unique("big"), domain, 20 * GIB));

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.text("detail")).contains("has 10 GiB free", "a raw (preallocated) disk of 20 GiB needs 20 GiB");
        assertThat(r.body().path("details").toString()).contains("free: " + 10 * GIB + " bytes", "needed: " + 20 * GIB + " bytes");
        assertThat(host.commands).isEmpty();
    }

    @Test
    void aDiskIsMadeByAHostInTheImagesLayoutAndItsSpaceRecorded() {
        String domain = nfsDomain(10 * GIB);
        host.answer = c -> space(100 * GIB, 9 * GIB).setStorage(StorageAnswer.newBuilder().setTotalBytes(100 * GIB).setFreeBytes(9 * GIB)
                .setVolume(VolumeSize.newBuilder().setVirtualBytes(GIB).setActualBytes(200_000)));
        String name = unique("data");

        var r = api.post("/disks", """
                {"name": "%s", "storageDomainId": "%s", "sizeBytes": %d}""".formatted(name, domain, GIB));

        assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
        assertThat(r.text("status")).isEqualTo("OK");
        assertThat(r.text("format")).isEqualTo("qcow2");
        assertThat(r.body().path("actualBytes").asLong()).isEqualTo(200_000);
        var create = host.asked(Command.ActionCase.CREATE_VOLUME).get(0).getCreateVolume();
        assertThat(create.getVolume().getDiskId()).isEqualTo(r.text("id"));
        assertThat(create.getVolume().getVolumeId()).isEqualTo(r.text("volumeId"));
        assertThat(create.getSizeBytes()).isEqualTo(GIB);
        assertThat(api.get("/storagedomains/" + domain).body().path("freeBytes").asLong()).isEqualTo(9 * GIB);
        assertThat(api.get("/storagedomains/" + domain).body().path("diskCount").asLong()).isEqualTo(1);
        assertThat(api.post("/disks", """
                {"name": "%s", "storageDomainId": "%s", "sizeBytes": %d}""".formatted(name, domain, GIB)).status())
                .as("names are unique").isEqualTo(409);

        assertThat(api.post("/disks/" + r.text("id") + "/grow", "{\"sizeBytes\": 1024}").body().path("errors").path(0).path("field").asString())
                .isEqualTo("sizeBytes");
        host.answer = c -> space(100 * GIB, 9 * GIB).setStorage(StorageAnswer.newBuilder().setVolume(VolumeSize.newBuilder().setVirtualBytes(2 * GIB)));
        assertThat(api.post("/disks/" + r.text("id") + "/grow", "{\"sizeBytes\": " + 2 * GIB + "}").body().path("sizeBytes").asLong())
                .isEqualTo(2 * GIB);

        host.answer = c -> space(100 * GIB, 10 * GIB);
        assertThat(api.delete("/disks/" + r.text("id")).status()).isEqualTo(204);
        assertThat(host.asked(Command.ActionCase.DELETE_VOLUME)).hasSize(1);
        assertThat(api.get("/disks/" + r.text("id")).status()).isEqualTo(404);
    }

    @Test
    void aDiskTheHostCannotMakeLeavesNoRowAndAnErrorEvent() {
        String domain = nfsDomain(10 * GIB);
        host.answer = c -> refused("DRIVER_FAILURE", "NO_SPACE", "cannot create nfs://10.213.0.10/export/images/x/y.qcow2: the storage is full");
        String name = unique("nospace");

        var r = api.post("/disks", """
                {"name": "%s", "storageDomainId": "%s", "sizeBytes": %d}""".formatted(name, domain, GIB));

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.text("detail")).contains("the storage is full");
        var left = api.get("/disks?name=" + name);
        assertThat(left.status()).isEqualTo(200);
        assertThat(left.body().path("total").asLong()).isZero();
        assertThat(events("objectType=disk").findValuesAsString("message")).anySatisfy(m -> assertThat(m).contains(name, "could not be created"));
    }

    @Test
    void anAttachedDiskTravelsInTheVmSpecAndIsGuardedWhileTheVmRuns() throws Exception {
        String domain = nfsDomain(10 * GIB);
        host.answer = c -> CommandResult.newBuilder().setOk(true).setStorage(StorageAnswer.newBuilder()
                .setVolume(VolumeSize.newBuilder().setVirtualBytes(GIB)));
        String disk = api.post("/disks", """
                {"name": "%s", "storageDomainId": "%s", "sizeBytes": %d}""".formatted(unique("boot"), domain, GIB)).text("id");
        String vm = api.post("/vms", "{\"name\": \"%s\", \"memoryMiB\": 64}".formatted(unique("vm"))).text("id");
        String other = api.post("/vms", "{\"name\": \"%s\", \"memoryMiB\": 64}".formatted(unique("vm"))).text("id");

        var attached = api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\", \"bootable\": true}".formatted(disk));
        assertThat(attached.status()).as(attached.body().toString()).isEqualTo(201);
        assertThat(attached.text("interface")).isEqualTo("virtio-blk");
        assertThat(api.post("/vms/" + other + "/disks", "{\"diskId\": \"%s\"}".formatted(disk)).text("detail"))
                .contains("already attached to VM");
        assertThat(api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\", \"interface\": \"ide\"}".formatted(disk))
                .body().path("errors").path(0).path("field").asString()).isEqualTo("interface");

        var started = api.post("/vms/" + vm + "/start", null);
        assertThat(started.status()).as(started.body().toString()).isEqualTo(200);
        var spec = host.asked(Command.ActionCase.START_VM).get(0).getStartVm().getSpec();
        assertThat(spec.getDisksList()).singleElement().satisfies(d -> {
            assertThat(d.getVolume().getDiskId()).isEqualTo(disk);
            assertThat(d.getVolume().getDomain().getNfs().getExport()).isEqualTo("/export");
            assertThat(d.getBus()).isEqualTo("virtio-blk");
            assertThat(d.getBootable()).isTrue();
        });
        eventually("the VM runs", () -> !"WaitForLaunch".equals(api.get("/vms/" + vm).text("status")));

        assertThat(api.delete("/disks/" + disk).text("detail")).contains("attached to VM", "stop the VM");
        assertThat(api.post("/disks/" + disk + "/grow", "{\"sizeBytes\": " + 2 * GIB + "}").status()).isEqualTo(409);
        assertThat(api.post("/storagedomains/" + domain + "/deactivate", null).text("detail")).contains("that run");

        api.post("/vms/" + vm + "/stop", null);
        eventually("the VM is Down", () -> "Down".equals(api.get("/vms/" + vm).text("status")));
        assertThat(api.get("/vms/" + vm + "/disks").body().path("total").asLong()).isEqualTo(1);
        assertThat(api.post("/storagedomains/" + domain + "/deactivate", null).text("status")).isEqualTo("Maintenance");
        var refused = api.post("/vms/" + vm + "/start", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("detail")).contains("Maintenance");
        assertThat(api.post("/storagedomains/" + domain + "/detach", null).text("detail")).contains("detach them first");

        host.answer = c -> space(100 * GIB, 10 * GIB);
        api.post("/storagedomains/" + domain + "/activate", null);
        assertThat(api.delete("/vms/" + vm + "/disks/" + disk).status()).isEqualTo(204);
        assertThat(api.delete("/disks/" + disk).status()).isEqualTo(204);
    }

    @Test
    void aDiskIsPluggedIntoAndUnpluggedFromARunningVmOnlyOnceItsHostDidIt() throws Exception {
        String domain = nfsDomain(10 * GIB);
        host.answer = c -> CommandResult.newBuilder().setOk(true).setStorage(StorageAnswer.newBuilder()
                .setVolume(VolumeSize.newBuilder().setVirtualBytes(GIB)));
        String disk = api.post("/disks", """
                {"name": "%s", "storageDomainId": "%s", "sizeBytes": %d}""".formatted(unique("hot"), domain, GIB)).text("id");
        String vm = api.post("/vms", "{\"name\": \"%s\", \"memoryMiB\": 64}".formatted(unique("vm"))).text("id");
        assertThat(api.post("/vms/" + vm + "/start", null).status()).isEqualTo(200);
        eventually("the VM is Up", () -> "Up".equals(api.get("/vms/" + vm).text("status")));
        var ok = host.answer;

        // the host refuses: nothing is attached, the reason is on the answer and in the events
        host.answer = c -> c.hasPlugDisk() ? CommandResult.newBuilder().setOk(false).setErrorCode("DRIVER_FAILURE")
                .setErrorMessage("no free PCIe root port") : ok.apply(c);
        var refused = api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\", \"interface\": \"virtio-scsi\"}".formatted(disk));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("detail")).contains("no free PCIe root port");
        assertThat(api.get("/vms/" + vm + "/disks").body().path("total").asLong()).isZero();

        host.answer = ok;
        var plugged = api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\", \"interface\": \"virtio-scsi\"}".formatted(disk));
        assertThat(plugged.status()).as(plugged.body().toString()).isEqualTo(201);
        var plug = host.asked(Command.ActionCase.PLUG_DISK);
        assertThat(plug.get(plug.size() - 1).getPlugDisk().getVmId()).isEqualTo(vm);
        assertThat(plug.get(plug.size() - 1).getPlugDisk().getDisk().getBus()).isEqualTo("virtio-scsi");
        assertThat(plug.get(plug.size() - 1).getPlugDisk().getDisk().getVolume().getDiskId()).isEqualTo(disk);
        assertThat(api.get("/vms/" + vm + "/disks").body().path("total").asLong()).isEqualTo(1);
        // the plugged disk has a place of its own (the lowest free SCSI id), kept while the VM runs, and the VM was
        // started with its devices at their places: a migration's target lays them out the same, so it may migrate
        assertThat(plug.get(plug.size() - 1).getPlugDisk().getDisk().getSlot()).isZero();
        assertThat(api.get("/vms/" + vm + "/disks").body().path("items").path(0).path("slot").asInt(-1)).isZero();
        assertThat(host.asked(Command.ActionCase.START_VM)).last().satisfies(c -> assertThat(c.getStartVm().getSpec().getDeviceLayout()).isTrue());
        assertThat(api.post("/vms/" + vm + "/migrate", null).text("detail")).as("only the lack of a second host stops it")
                .startsWith("no host in cluster").doesNotContain("until it is restarted");

        // a guest that does not let go: the disk stays attached
        host.answer = c -> c.hasUnplugDisk() ? CommandResult.newBuilder().setOk(false).setErrorCode("DRIVER_FAILURE")
                .setErrorMessage("the guest did not release disk") : ok.apply(c);
        var kept = api.delete("/vms/" + vm + "/disks/" + disk);
        assertThat(kept.status()).isEqualTo(409);
        assertThat(kept.text("detail")).contains("did not release");
        assertThat(api.get("/vms/" + vm + "/disks").body().path("total").asLong()).isEqualTo(1);

        host.answer = ok;
        assertThat(api.delete("/vms/" + vm + "/disks/" + disk).status()).isEqualTo(204);
        assertThat(host.asked(Command.ActionCase.UNPLUG_DISK)).last().satisfies(c -> assertThat(c.getUnplugDisk().getDiskId()).isEqualTo(disk));
        assertThat(api.get("/vms/" + vm + "/disks").body().path("total").asLong()).isZero();
        assertThat(events("objectType=vm").findValuesAsString("message")).anySatisfy(m -> assertThat(m).contains("plugged into running VM"))
                .anySatisfy(m -> assertThat(m).contains("unplugged from running VM"));

        // a VM still running from before disks had places: a virtio-blk disk plugged live takes the first hot-plug port,
        // but QEMU elsewhere would lay its other devices out differently, so no live migration until a restart
        context.getBean(org.springframework.jdbc.core.simple.JdbcClient.class).sql("update vm set device_layout = false where id = :id")
                .param("id", java.util.UUID.fromString(vm)).update();
        assertThat(api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\"}".formatted(disk)).status()).isEqualTo(201);
        assertThat(host.asked(Command.ActionCase.PLUG_DISK)).last().satisfies(c -> assertThat(c.getPlugDisk().getDisk().getSlot()).isEqualTo(100));
        var migrate = api.post("/vms/" + vm + "/migrate", null);
        assertThat(migrate.status()).isEqualTo(409);
        assertThat(migrate.text("detail")).contains("cannot migrate until it is restarted", "was plugged in while it ran", "before disks had fixed places");

        // a restart gives every disk its place afresh (the plugged one the first root-bus slot): the VM may migrate again
        api.post("/vms/" + vm + "/stop", null);
        eventually("the VM is Down", () -> "Down".equals(api.get("/vms/" + vm).text("status")));
        assertThat(api.post("/vms/" + vm + "/start", null).status()).isEqualTo(200);
        eventually("the VM is Up again", () -> "Up".equals(api.get("/vms/" + vm).text("status")));
        assertThat(host.asked(Command.ActionCase.START_VM)).last().satisfies(c -> {
            assertThat(c.getStartVm().getSpec().getDeviceLayout()).isTrue();
            assertThat(c.getStartVm().getSpec().getDisks(0).getSlot()).isZero();
        });
        assertThat(api.post("/vms/" + vm + "/migrate", null).text("detail")).doesNotContain("until it is restarted");
        api.post("/vms/" + vm + "/stop", null);
    }

    @Test
    void anIscsiDiskTakesTheSmallestFreeLunThatHoldsIt() {
        String id = iscsiDomain(api, host);

        var first = api.post("/disks", """
                {"name": "%s", "storageDomainId": "%s", "sizeBytes": %d}""".formatted(unique("lun"), id, GIB));
        assertThat(first.body().path("lun").asInt()).isEqualTo(2);
        assertThat(host.asked(Command.ActionCase.CREATE_VOLUME).get(0).getCreateVolume().getVolume().getLun()).isEqualTo(2);
        var second = api.post("/disks", """
                {"name": "%s", "storageDomainId": "%s", "sizeBytes": %d}""".formatted(unique("lun"), id, 2 * GIB));
        assertThat(second.body().path("lun").asInt()).isEqualTo(1);
        var none = api.post("/disks", """
                {"name": "%s", "storageDomainId": "%s", "sizeBytes": %d}""".formatted(unique("lun"), id, GIB));
        assertThat(none.status()).isEqualTo(409);
        assertThat(none.text("detail")).contains("no free LUN");

        var luns = api.get("/storagedomains/" + id + "/luns");
        assertThat(luns.body().path("items").findValuesAsString("diskName")).hasSize(2);
        assertThat(api.get("/storagedomains/" + id).body().path("freeBytes").asLong()).isZero();
    }
}
