package dev.flotilla.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.agent.testlab.StorageLab;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Volumes in the images layout on the lab's nfs-ganesha (directories and metadata through the
 * Java NFSv3 client, images through qemu-img) and on its tgtd LUNs; what the server holds is
 * checked on the server's side of the export.
 */
class VolumeStoreLabTest {

    private static final long MIB = 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static StorageLab lab;
    private static StorageConnection.Nfs nfs;
    private final VolumeStore store = new VolumeStore(new VolumeTool(ToolRunner.direct(), Duration.ofSeconds(60)), TIMEOUT, TIMEOUT);

    @BeforeAll
    static void lab() {
        lab = StorageLab.shared();
        nfs = new StorageConnection.Nfs(lab.storageAddress(), lab.nfsExport());
    }

    @Test
    void theNfsClientMakesDirectoriesWritesAndRemoves() throws Exception {
        String top = "t-" + UUID.randomUUID();
        try (NfsClient client = NfsClient.mount(nfs, TIMEOUT, TIMEOUT)) {
            client.mkdirs(top + "/a/b");
            client.mkdirs(top + "/a/b"); // again: nothing to do
            client.write(top + "/a/b/note.txt", "first".getBytes(StandardCharsets.UTF_8));
            client.write(top + "/a/b/note.txt", "second".getBytes(StandardCharsets.UTF_8));

            Path onServer = lab.nfsExportDir().resolve(top).resolve("a/b/note.txt");
            assertThat(onServer).hasContent("second");
            assertThat(client.exists(top + "/a/b/note.txt")).isTrue();
            assertThat(client.removeDirectory(top + "/a/b")).as("not empty: kept").isFalse();
            assertThat(client.remove(top + "/a/b/note.txt")).isTrue();
            assertThat(client.remove(top + "/a/b/note.txt")).as("gone already").isFalse();
            assertThat(client.removeDirectory(top + "/a/b")).isTrue();
            assertThat(client.removeDirectory(top + "/a")).isTrue();
            assertThat(client.removeDirectory(top)).isTrue();
            assertThat(lab.nfsExportDir().resolve(top)).doesNotExist();
            assertThat(client.exists(top)).isFalse();
        }
    }

    @Test
    void aWrongExportIsRefusedByMount() {
        assertThatThrownBy(() -> NfsClient.mount(new StorageConnection.Nfs(lab.storageAddress(), "/wrong"), TIMEOUT, TIMEOUT))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.problem()).isEqualTo(StorageException.Problem.NO_SUCH_EXPORT))
                .hasMessageContaining("/wrong");
    }

    @Test
    void aQcow2VolumeOnNfsLivesInImagesWithItsMetadataAndGoesAwayWhole() throws Exception {
        VolumeRef ref = new VolumeRef(UUID.randomUUID(), UUID.randomUUID(), VolumeFormat.QCOW2, 0);

        VolumeInfo made = store.create(nfs, ref, 256 * MIB, "a disk");

        Path dir = lab.nfsExportDir().resolve("images").resolve(ref.diskId().toString());
        assertThat(made.virtualSize()).isEqualTo(256 * MIB);
        assertThat(dir.resolve(ref.volumeId() + ".qcow2")).isRegularFile();
        assertThat(Files.readString(dir.resolve(ref.volumeId() + ".meta"))).contains("DISK=" + ref.diskId(), "FORMAT=qcow2", "DESCRIPTION=a disk");
        assertThat(ref.location(nfs).uri()).isEqualTo(lab.nfsUrl() + "/images/" + ref.diskId() + "/" + ref.volumeId() + ".qcow2");

        assertThat(store.resize(nfs, ref, 512 * MIB, "a disk").virtualSize()).isEqualTo(512 * MIB);
        store.delete(nfs, ref);

        assertThat(dir).doesNotExist();
        store.delete(nfs, ref); // gone already: not an error
    }

    @Test
    void aFailedCreateLeavesNoDirectoryBehind() {
        VolumeRef ref = new VolumeRef(UUID.randomUUID(), UUID.randomUUID(), VolumeFormat.QCOW2, 0);

        assertThatThrownBy(() -> store.create(nfs, ref, -1, "")).isInstanceOf(StorageException.class);

        assertThat(lab.nfsExportDir().resolve("images").resolve(ref.diskId().toString())).doesNotExist();
    }

    @Test
    void aDiskOnAnIscsiLunIsTheLunAndDeletingItClearsItsStart() throws Exception {
        StorageConnection.Iscsi iscsi = new StorageConnection.Iscsi(lab.iscsiPortal(), lab.iscsiIqn());
        int lun = lab.iscsiLuns().get(lab.iscsiLuns().size() - 1);
        VolumeRef ref = new VolumeRef(UUID.randomUUID(), UUID.randomUUID(), VolumeFormat.QCOW2, lun);

        assertThat(store.create(iscsi, ref, 128 * MIB, "").virtualSize()).isEqualTo(128 * MIB);
        store.delete(iscsi, ref);

        StorageLab.Run header = StorageLab.run(List.of("qemu-io", "-f", "raw", "-c", "read -P 0 0 1M", ref.location(iscsi).uri()), TIMEOUT);
        assertThat(header.ok() && !header.output().contains("Pattern verification failed")).as(header.output()).isTrue();
    }
}
