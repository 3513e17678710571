package dev.flotilla.manager.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.StorageAnswer;
import dev.flotilla.protocol.v1.VolumeSize;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * A disk on a local storage domain ties its VM to that domain's host: the StorageReach filter
 * starts it there whatever the scores say, and a migration answers 409 with the reason instead of
 * trying a host that could not open the disk.
 */
@ManagerTest
class LocalDomainReachTest {

    static final long GIB = 1024L * 1024 * 1024;

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    ApiClient api;
    AnsweringHost owner;
    AnsweringHost other;

    @BeforeEach
    void hosts() throws Exception {
        api = new ApiClient(port, "admin@internal", "test-pass");
        owner = new AnsweringHost(context, api, "local-owner");
        other = new AnsweringHost(context, api, "local-other");
        CommandResult.Builder ok = CommandResult.newBuilder().setOk(true).setStorage(StorageAnswer.newBuilder()
                .setTotalBytes(100 * GIB).setFreeBytes(50 * GIB).setVolume(VolumeSize.newBuilder().setVirtualBytes(GIB)));
        owner.answer = c -> ok;
        other.answer = c -> ok;
    }

    @AfterEach
    void close() throws Exception {
        owner.close();
        other.close();
    }

    @Test
    void aVmWithALocalDiskStartsOnTheDomainsHostAndRefusesToMigrateSayingWhy() throws Exception {
        String suffix = Long.toHexString(System.nanoTime());
        var domain = api.post("/storagedomains", """
                {"name": "local-%s", "type": "local", "hostId": "%s", "path": "/var/lib/flotilla/local-%s"}""".formatted(suffix, owner.id, suffix));
        assertThat(domain.status()).as(domain.body().toString()).isEqualTo(201);
        String disk = api.post("/disks", """
                {"name": "ld-%s", "storageDomainId": "%s", "sizeBytes": %d}""".formatted(suffix, domain.text("id"), GIB)).text("id");
        String vm = api.post("/vms", "{\"name\": \"local-vm-%s\", \"memoryMiB\": 64}".formatted(suffix)).text("id");
        assertThat(api.post("/vms/" + vm + "/disks", "{\"diskId\": \"%s\", \"bootable\": true}".formatted(disk)).status()).isEqualTo(201);

        var started = api.post("/vms/" + vm + "/start", null);

        assertThat(started.status()).as(started.body().toString()).isEqualTo(200);
        assertThat(started.text("hostId")).isEqualTo(owner.id);
        assertThat(owner.asked(Command.ActionCase.START_VM)).hasSize(1);
        assertThat(other.asked(Command.ActionCase.START_VM)).isEmpty();
        StorageApiTest.eventually("the VM is Up", () -> "Up".equals(api.get("/vms/" + vm).text("status")));

        var moved = api.post("/vms/" + vm + "/migrate", "{\"targetHostId\": \"%s\"}".formatted(other.id));

        assertThat(moved.status()).as(moved.body().toString()).isEqualTo(409);
        assertThat(moved.text("detail")).contains("cannot migrate", "ld-" + suffix, "local storage domain local-" + suffix,
                "only host " + api.get("/hosts/" + owner.id).text("name"));
        assertThat(other.asked(Command.ActionCase.PREPARE_INCOMING)).isEmpty();
        assertThat(api.get("/vms/" + vm).text("status")).isEqualTo("Up");

        api.post("/vms/" + vm + "/stop", null);
        StorageApiTest.eventually("the VM is Down", () -> "Down".equals(api.get("/vms/" + vm).text("status")));
    }
}
