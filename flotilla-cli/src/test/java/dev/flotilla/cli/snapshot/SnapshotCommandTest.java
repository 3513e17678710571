package dev.flotilla.cli.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.cli.FakeManager;
import dev.flotilla.cli.FakeManager.CliResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SnapshotCommandTest {

    static final String VM = "0b000000-1111-4222-8333-444455556666";
    static final String SNAP = "5a000000-1111-4222-8333-444455556666";
    static final String SNAP_JSON = """
            {"id":"%s","vmId":"%s","description":"before upgrade","status":"OK","statusReason":"the delete stopped: qemu-img failed; retry",
             "live":true,"mergeStep":"merging disk d1: volume a into b","createdAt":"2026-11-27T10:00:00Z",
             "volumes":[{"diskId":"d1","diskName":"data1","volumeId":"b"}]}""".formatted(SNAP, VM);

    static final String KEPT_JSON = """
            {"id":"%s","vmId":"%s","description":"as it was","status":"OK","statusReason":"","live":false,"mergeStep":"",
             "createdAt":"2026-11-27T10:00:00Z","volumes":[{"diskId":"d1","diskName":"sys","volumeId":"b"}],
             "configuration":{"complete":true,"cpus":2,"memoryMiB":1024,"boot":{"kernel":"","initrd":"","cmdline":""},
              "description":"web server","highlyAvailable":true,"haPriority":50,
              "disks":[{"diskId":"d1","diskName":"sys","interface":"virtio-blk","bootable":true,"readOnly":false,"slot":0,
                        "attachedAt":"2026-11-27T09:00:00Z"},
                       {"diskId":"d2","diskName":"data","interface":"virtio-scsi","bootable":false,"readOnly":true,"slot":null,
                        "attachedAt":"2026-11-27T09:30:00Z"}],
              "cdrom":{"isoId":"i1","isoName":"tools.iso","boot":true},"pinnedHosts":[{"hostId":"h1","hostName":"hv1"}]}}""".formatted(SNAP, VM);

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
    void listShowsTheChainOldestFirstAndSaysWhenAPreviewIsOpen() {
        manager.on("GET /api/v1/vms/" + VM + "/snapshots", 200, "{\"items\":[" + SNAP_JSON + "],\"total\":1,\"disks\":[],\"previewing\":\"" + SNAP + "\"}");

        CliResult result = manager.cli("snapshot", "list", "--vm", VM);

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines().get(0)).contains("TAKEN", "DESCRIPTION", "STATUS", "KIND");
        assertThat(result.outLines().get(1)).contains("before upgrade", "OK", "live", SNAP);
        assertThat(result.err()).contains("previewing snapshot " + SNAP);
    }

    @Test
    void createPostsTheDescriptionAndDeleteNamesTheJob() {
        manager.on("POST /api/v1/vms/" + VM + "/snapshots", 201, SNAP_JSON);
        manager.on("DELETE /api/v1/vms/" + VM + "/snapshots/" + SNAP, 202, "{\"jobId\":\"j-1\",\"snapshotId\":\"" + SNAP + "\"}");

        assertThat(manager.cli("snapshot", "create", "--vm", VM, "--description", "before upgrade").exitCode()).isZero();
        assertThat(manager.requests().get(0).body()).contains("\"description\":\"before upgrade\"");
        CliResult deleted = manager.cli("snapshot", "delete", "--vm", VM, SNAP);
        assertThat(deleted.exitCode()).isZero();
        assertThat(deleted.out()).contains("job j-1");
    }

    @Test
    void showSaysWhereAFailedMergeStoppedAndPreviewPostsTheAction() {
        manager.on("GET /api/v1/vms/" + VM + "/snapshots/" + SNAP, 200, SNAP_JSON);
        manager.on("POST /api/v1/vms/" + VM + "/snapshots/" + SNAP + "/preview", 200, SNAP_JSON.replace("\"OK\"", "\"InPreview\""));

        assertThat(manager.cli("snapshot", "show", "--vm", VM, SNAP).out()).contains("retry", "Merge stopped at", "merging disk d1", "Disk data1");
        CliResult preview = manager.cli("snapshot", "preview", "--vm", VM, SNAP);
        assertThat(preview.exitCode()).isZero();
        assertThat(preview.out()).contains("InPreview");
    }

    @Test
    void showPrintsTheConfigurationTheSnapshotKeptAndListSumsItUp() {
        manager.on("GET /api/v1/vms/" + VM + "/snapshots/" + SNAP, 200, KEPT_JSON);
        manager.on("GET /api/v1/vms/" + VM + "/snapshots", 200, "{\"items\":[" + KEPT_JSON + "],\"total\":1,\"disks\":[]}");

        CliResult shown = manager.cli("snapshot", "show", "--vm", VM, SNAP);
        assertThat(shown.exitCode()).isZero();
        assertThat(shown.out()).contains("Kept configuration:", "whole", "Kept CPUs:", "Kept memory:", "1GiB", "Kept description:", "web server",
                "Kept HA:", "yes, priority 50", "Kept CD-ROM:", "tools.iso (boots from it)", "Kept disk sys:", "virtio-blk, bootable, slot 0",
                "Kept disk data:", "virtio-scsi, read-only", "Kept pins:", "hv1");
        CliResult listed = manager.cli("snapshot", "list", "--vm", VM);
        assertThat(listed.outLines().get(0)).contains("CONFIG");
        assertThat(listed.outLines().get(1)).contains("2CPU/1GiB/2disks");
    }

    @Test
    void anOlderSnapshotSaysItKeptOnlyCpusMemoryAndBoot() {
        manager.on("GET /api/v1/vms/" + VM + "/snapshots/" + SNAP, 200, SNAP_JSON.replace("}]}", """
                }],"configuration":{"complete":false,"cpus":1,"memoryMiB":64,"boot":{"kernel":"/k","initrd":"","cmdline":"quiet"}}}"""));

        CliResult shown = manager.cli("snapshot", "show", "--vm", VM, SNAP);
        assertThat(shown.out()).contains("CPUs, memory and boot only", "64MiB", "Kept kernel:", "/k").doesNotContain("Kept HA");
    }
}
