package dev.flotilla.manager.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.manager.storage.AnsweringHost;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.StorageAnswer;
import dev.flotilla.protocol.v1.VolumeSize;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Templates through the REST API against the real manager and database, with a fake host: a
 * template copied from a stopped VM (a job), a thin VM over it (its chain in the VM's spec), a
 * clone (a job), the 409 naming the thin VM, a copy the host fails leaving nothing.
 */
@ManagerTest
class TemplateApiTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    ApiClient api;
    AnsweringHost host;
    String vm;
    String disk;
    String activeVolume;

    static String unique(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime());
    }

    @BeforeEach
    void vmWithADiskOnNfs() throws Exception {
        api = new ApiClient(port, "admin@internal", "test-pass");
        host = new AnsweringHost(context, api, "tpl");
        host.answer = c -> CommandResult.newBuilder().setOk(true).setStorage(StorageAnswer.newBuilder().setTotalBytes(100L << 30)
                .setFreeBytes(50L << 30).setVolume(VolumeSize.newBuilder().setVirtualBytes(64L << 20).setActualBytes(1L << 20)));
        var domain = api.post("/storagedomains", """
                {"name": "%s", "type": "nfs", "hostId": "%s", "nfs": {"server": "10.213.0.10", "export": "/export"}}""".formatted(unique("nfs"), host.id));
        var d = api.post("/disks", """
                {"name": "%s", "storageDomainId": "%s", "sizeBytes": 67108864}""".formatted(unique("d"), domain.text("id")));
        disk = d.text("id");
        activeVolume = d.text("volumeId");
        vm = api.post("/vms", "{\"name\": \"%s\", \"memoryMiB\": 64, \"cpus\": 2}".formatted(unique("vm"))).text("id");
        assertThat(api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\", \"bootable\": true}".formatted(disk)).status()).isEqualTo(201);
    }

    @AfterEach
    void close() throws Exception {
        host.close();
    }

    @Test
    void aTemplateThinAndCloneVmsAndTheRefusedDeleteThatNamesTheThinVm() throws Exception {
        String name = unique("tpl");
        var made = api.post("/templates", "{\"vmId\": \"%s\", \"name\": \"%s\"}".formatted(vm, name));
        assertThat(made.status()).as(made.body().toString()).isEqualTo(202);
        String template = made.body().path("template").path("id").asString();
        assertThat(awaitJob(made.body().path("jobId").asString()).path("status").asString()).isEqualTo("finished");
        JsonNode t = api.get("/templates/" + template).body();
        assertThat(t.path("status").asString()).isEqualTo("OK");
        assertThat(t.path("cpus").asInt()).isEqualTo(2);
        Command copy = last(Command.ActionCase.COPY_VOLUME);
        assertThat(copy.getCopyVolume().getFrom().getVolumeId()).isEqualTo(activeVolume);
        String templateVolume = t.path("disks").get(0).path("volumeId").asString();
        String templateDisk = t.path("disks").get(0).path("diskId").asString();
        assertThat(copy.getCopyVolume().getTo().getVolumeId()).isEqualTo(templateVolume);
        assertThat(api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\"}".formatted(templateDisk)).status())
                .as("a template's disk is not attached to a VM").isEqualTo(409);
        assertThat(api.delete("/disks/" + templateDisk).status()).as("nor deleted alone").isEqualTo(409);

        var thin = api.post("/templates/" + template + "/vms", "{\"name\": \"%s\", \"mode\": \"thin\"}".formatted(unique("thin")));
        assertThat(thin.status()).as(thin.body().toString()).isEqualTo(201);
        String thinVm = thin.body().path("vm").path("id").asString();
        var overlay = last(Command.ActionCase.CREATE_OVERLAYS).getCreateOverlays().getOverlays(0);
        assertThat(overlay.getBacking().getVolumeId()).isEqualTo(templateVolume);
        assertThat(overlay.getBacking().getDiskId()).isEqualTo(templateDisk);
        api.post("/vms/" + thinVm + "/start", null);
        var spec = last(Command.ActionCase.START_VM).getStartVm().getSpec();
        assertThat(spec.getCpus()).isEqualTo(2);
        assertThat(spec.getDisks(0).getBackingChainList()).extracting(r -> r.getVolumeId()).containsExactly(templateVolume);
        api.post("/vms/" + thinVm + "/stop", null);

        var clone = api.post("/templates/" + template + "/vms", "{\"name\": \"%s\", \"mode\": \"clone\"}".formatted(unique("clone")));
        assertThat(clone.status()).as(clone.body().toString()).isEqualTo(202);
        assertThat(awaitJob(clone.body().path("jobId").asString()).path("status").asString()).isEqualTo("finished");
        String cloneVm = clone.body().path("vm").path("id").asString();
        assertThat(api.get("/vms/" + cloneVm + "/disks").body().path("total").asInt()).isEqualTo(1);
        assertThat(last(Command.ActionCase.COPY_VOLUME).getCopyVolume().getFrom().getVolumeId()).isEqualTo(templateVolume);

        var refused = api.delete("/templates/" + template);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().toString()).contains(thin.body().path("vm").path("name").asString());
        assertThat(refused.body().toString()).doesNotContain(clone.body().path("vm").path("name").asString());

        assertThat(api.post("/templates/" + template + "/vms", "{\"name\": \"x\", \"mode\": \"fat\"}").body().toString()).contains("mode");
    }

    @Test
    void aCopyTheHostFailsLeavesNoTemplateAndNoDisk() throws Exception {
        var ok = host.answer;
        host.answer = c -> c.hasCopyVolume() ? CommandResult.newBuilder().setOk(false).setErrorCode("DRIVER_FAILURE")
                .setErrorMessage("qemu-img: No space left on device").setStorage(StorageAnswer.newBuilder().setProblem("NO_SPACE")) : ok.apply(c);
        String name = unique("tpl");
        var made = api.post("/templates", "{\"vmId\": \"%s\", \"name\": \"%s\"}".formatted(vm, name));
        JsonNode job = awaitJob(made.body().path("jobId").asString());
        assertThat(job.path("status").asString()).isEqualTo("failed");
        assertThat(job.path("reason").asString()).contains("No space left");
        assertThat(api.get("/templates/" + made.body().path("template").path("id").asString()).status()).isEqualTo(404);
        assertThat(api.get("/disks?name=" + name + "-disk1").body().path("total").asInt()).isZero();
    }

    private Command last(Command.ActionCase kind) {
        List<Command> asked = host.asked(kind);
        assertThat(asked).as("the host was asked " + kind).isNotEmpty();
        return asked.get(asked.size() - 1);
    }

    private JsonNode awaitJob(String job) throws InterruptedException {
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
