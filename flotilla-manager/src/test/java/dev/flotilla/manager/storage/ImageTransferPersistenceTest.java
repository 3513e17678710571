package dev.flotilla.manager.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.protocol.v1.Command;
import java.time.Instant;
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
 * Image transfers kept in the database, against the real manager and PostgreSQL with a fake host:
 * what the manager does at start-up after a restart (an upload taking bytes goes on, one being
 * verified fails and its disk becomes Illegal), and the sweep that expires an upload nobody
 * finishes (the host is told to drop its staging file, the disk goes, the transfer says Expired).
 */
@ManagerTest
class ImageTransferPersistenceTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    ImageTransferService service;
    @Autowired
    StaleTransfers stale;
    @Autowired
    JdbcClient jdbc;

    ApiClient api;
    AnsweringHost host;

    @BeforeEach
    void host() throws Exception {
        api = new ApiClient(port, "admin@internal", "test-pass");
        host = new AnsweringHost(context, api, "transfer");
    }

    @AfterEach
    void close() throws Exception {
        host.close();
    }

    @Test
    void anUploadOutlivesARestartOneBeingVerifiedFailsAndAnIdleOneExpires() {
        host.answer = c -> StorageApiTest.space(100L << 30, 50L << 30);
        String domain = api.post("/storagedomains", """
                {"name": "%s", "type": "nfs", "hostId": "%s", "nfs": {"server": "10.213.0.10", "export": "/export"}}"""
                .formatted(StorageApiTest.unique("nfs"), host.id)).text("id");
        JsonNode going = begin(domain, "going");
        JsonNode verifying = begin(domain, "verifying");
        jdbc.sql("update image_transfer set phase = 'Finalizing', staged_bytes = total_bytes where id = :id")
                .param("id", UUID.fromString(verifying.path("id").asString())).update();

        // what the manager does when it starts again
        service.settleAfterRestart();

        JsonNode listed = api.get("/imagetransfers/" + going.path("id").asString()).body();
        assertThat(listed.path("phase").asString()).isEqualTo("Transferring");
        assertThat(api.get("/disks/" + going.path("diskId").asString()).body().path("status").asString()).as("resumable").isEqualTo("Locked");
        assertThat(api.get("/imagetransfers/" + verifying.path("id").asString()).body().path("phase").asString()).isEqualTo("Failed");
        assertThat(api.get("/disks/" + verifying.path("diskId").asString()).body().path("status").asString()).isEqualTo("Illegal");
        assertThat(api.get("/imagetransfers").body().toString()).contains(going.path("id").asString(), verifying.path("id").asString());

        // nothing came for longer than the idle timeout: the sweep ends it and the host drops the staged bytes
        assertThat(stale.expireIdleSince(Instant.now().minusSeconds(3600))).as("not idle yet").isZero();
        assertThat(stale.expireIdleSince(Instant.now().plusSeconds(1))).isPositive();
        assertThat(api.get("/imagetransfers/" + going.path("id").asString()).body().path("phase").asString()).isEqualTo("Expired");
        assertThat(api.get("/disks/" + going.path("diskId").asString()).status()).isEqualTo(404);
        assertThat(host.asked(Command.ActionCase.TRANSFER_CANCEL)).extracting(c -> c.getTransferCancel().getTransferId())
                .containsExactly(going.path("id").asString());
        assertThat(api.post("/imagetransfers/" + going.path("id").asString() + "/cancel", null).status()).as("ended already").isEqualTo(409);
    }

    private JsonNode begin(String domain, String prefix) {
        var made = api.post("/imagetransfers", """
                {"name": "%s", "storageDomainId": "%s", "format": "qcow2", "sizeBytes": 1048576}""".formatted(StorageApiTest.unique(prefix), domain));
        assertThat(made.status()).as(made.body().toString()).isEqualTo(201);
        return made.body();
    }
}
