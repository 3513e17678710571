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
}
