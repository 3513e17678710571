package dev.flotilla.cli.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.cli.FakeManager;
import dev.flotilla.cli.FakeManager.CliResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TemplateCommandTest {

    static final String TPL = "7e000000-1111-4222-8333-444455556666";
    static final String VM = "0b000000-1111-4222-8333-444455556666";
    static final String TPL_JSON = """
            {"id":"%s","name":"base","description":"","status":"OK","statusReason":"","cpus":2,"memoryMiB":512,"kernel":"/boot/vmlinuz",
             "cmdline":"console=ttyS0","createdAt":"2026-11-27T10:00:00Z",
             "disks":[{"position":0,"diskId":"d","diskName":"base-disk1","volumeId":"v","sizeBytes":67108864,"diskInterface":"virtio-blk","bootable":true}]}"""
            .formatted(TPL);

    FakeManager manager;

    @BeforeEach
    void start() throws Exception {
        manager = new FakeManager();
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    @Test
    void listAndShowTheTemplateWithItsDisks() {
        manager.on("GET /api/v1/templates", 200, "{\"items\":[" + TPL_JSON + "],\"total\":1}");
        manager.on("GET /api/v1/templates/" + TPL, 200, TPL_JSON);

        CliResult list = manager.cli("template", "list");
        assertThat(list.outLines().get(1)).contains("base", "OK", "2", "512MiB", TPL);
        assertThat(manager.cli("template", "show", TPL).out()).contains("base-disk1", "64MiB", "bootable");
    }

    @Test
    void createNamesTheJobAndNewVmSendsTheMode() {
        manager.on("POST /api/v1/templates", 202, "{\"template\":" + TPL_JSON + ",\"jobId\":\"j-7\"}");
        manager.on("POST /api/v1/templates/" + TPL + "/vms", 202, "{\"vm\":{\"id\":\"x\",\"name\":\"c1\"},\"jobId\":\"j-8\"}");

        assertThat(manager.cli("template", "create", "--vm", VM, "--name", "base").out()).contains("job j-7");
        assertThat(manager.requests().get(0).body()).contains("\"vmId\":\"" + VM + "\"", "\"name\":\"base\"");
        CliResult clone = manager.cli("template", "new-vm", TPL, "--name", "c1", "--mode", "clone");
        assertThat(clone.exitCode()).isZero();
        assertThat(clone.out()).contains("c1", "clone", "job j-8");
        assertThat(manager.requests().get(1).body()).contains("\"mode\":\"clone\"");
    }
}
