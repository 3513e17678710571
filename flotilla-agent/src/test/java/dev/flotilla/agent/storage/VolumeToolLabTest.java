package dev.flotilla.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.agent.storage.StorageException.Problem;
import dev.flotilla.agent.testlab.StorageLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * qemu-img on real nfs-ganesha and tgtd, from the root namespace and from a host namespace of the
 * storage lab. Every NFS volume gets a fresh name: ganesha answers NFS3ERR_STALE for a while for a
 * name deleted and made again. Each iSCSI test has a LUN of its own.
 */
class VolumeToolLabTest {

    private static final long MIB = 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static StorageLab lab;
    private static StorageConnection.Nfs nfs;
    private final VolumeTool root = new VolumeTool(ToolRunner.direct(), TIMEOUT);

    @BeforeAll
    static void lab() {
        lab = StorageLab.shared();
        nfs = new StorageConnection.Nfs(lab.storageAddress(), lab.nfsExport());
    }

    @Test
    void qcow2OnNfsFromTheRootNamespace() throws Exception {
        thinQcow2LifeCycle(root, "root");
    }

    @Test
    void qcow2OnNfsFromAHostNamespace() throws Exception {
        VolumeTool host = new VolumeTool(ToolRunner.prefixed(lab.host(1).command()), TIMEOUT);
        thinQcow2LifeCycle(host, "host1");
    }

    private void thinQcow2LifeCycle(VolumeTool tool, String who) throws Exception {
        String name = fresh(who) + ".qcow2";
        VolumeLocation disk = nfs.volume(name);
        VolumeInfo created = tool.create(disk, VolumeFormat.QCOW2, 1024 * MIB);
        assertThat(created.format()).isEqualTo(VolumeFormat.QCOW2);
        assertThat(created.virtualSize()).isEqualTo(1024 * MIB);
        assertThat(created.actualSize().orElseThrow()).isLessThan(2 * MIB); // thin
        assertThat(created.location()).isEqualTo(lab.nfsUrl() + "/" + name);
        Path onServer = lab.nfsExportDir().resolve(name);
        assertThat(onServer).isRegularFile();

        VolumeInfo grown = tool.resize(disk, VolumeFormat.QCOW2, 2048 * MIB);
        assertThat(grown.virtualSize()).isEqualTo(2048 * MIB);
        assertThat(tool.info(disk, VolumeFormat.QCOW2).virtualSize()).isEqualTo(2048 * MIB);

        assertThatThrownBy(() -> tool.resize(disk, VolumeFormat.QCOW2, 1024 * MIB))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.problem()).isEqualTo(Problem.INVALID_REQUEST))
                .hasMessageContaining("shrinking a disk destroys the data");
        assertThatThrownBy(() -> tool.create(disk, VolumeFormat.QCOW2, MIB))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.problem()).isEqualTo(Problem.ALREADY_EXISTS));
        assertThat(tool.info(disk, VolumeFormat.QCOW2).virtualSize()).as("the refused create left the disk alone").isEqualTo(2048 * MIB);
    }

    @Test
    void overlayKeepsItsBackingAsAFullUrl() throws Exception {
        VolumeLocation base = nfs.volume(fresh("base") + ".qcow2");
        VolumeLocation top = nfs.volume(fresh("top") + ".qcow2");
        root.create(base, VolumeFormat.QCOW2, 64 * MIB);
        VolumeInfo overlay = root.createOverlay(top, base, VolumeFormat.QCOW2);
        assertThat(overlay.backingFile()).hasValue(base.uri());
        assertThat(overlay.backingFormat()).hasValue(VolumeFormat.QCOW2);
        assertThat(overlay.virtualSize()).isEqualTo(64 * MIB);
        // the whole chain opens (a relative backing name would not, over nfs://)
        StorageLab.Run chain = StorageLab.run(List.of("qemu-img", "info", "--backing-chain", top.uri()), TIMEOUT);
        assertThat(chain.ok()).as(chain.output()).isTrue();
    }

    @Test
    void rawOnNfsIsPreallocated() throws Exception {
        String name = fresh("raw") + ".img";
        VolumeInfo raw = root.create(nfs.volume(name), VolumeFormat.RAW, 16 * MIB);
        assertThat(raw.format()).isEqualTo(VolumeFormat.RAW);
        assertThat(raw.virtualSize()).isEqualTo(16 * MIB);
        long allocated = (long) Files.getAttribute(lab.nfsExportDir().resolve(name), "unix:size");
        assertThat(allocated).isEqualTo(16 * MIB);
        assertThat(raw.actualSize().orElseThrow()).as("blocks really written, not a sparse file").isGreaterThanOrEqualTo(16 * MIB);
    }

    @Test
    void missingVolumeAndWrongExport() {
        assertThatThrownBy(() -> root.info(nfs.volume(fresh("none") + ".qcow2"), VolumeFormat.QCOW2))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_FOUND))
                .hasMessageContaining("there is no such volume");
        StorageConnection.Nfs wrong = new StorageConnection.Nfs(lab.storageAddress(), "/wrong");
        assertThatThrownBy(() -> root.create(wrong.volume("x.qcow2"), VolumeFormat.QCOW2, MIB))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NO_SUCH_EXPORT));
    }

    @Test
    void qcow2DirectlyOnAnIscsiLun() throws Exception {
        StorageConnection.Iscsi iscsi = new StorageConnection.Iscsi(lab.iscsiPortal(), lab.iscsiIqn());
        VolumeLocation lun = iscsi.lun(lab.iscsiLuns().get(0));
        assertThat(root.lunBytes(lun)).isEqualTo(lab.lunBytes());
        VolumeInfo disk = root.create(lun, VolumeFormat.QCOW2, 512 * MIB);
        assertThat(disk.format()).isEqualTo(VolumeFormat.QCOW2);
        assertThat(disk.virtualSize()).isEqualTo(512 * MIB);
        assertThat(root.resize(lun, VolumeFormat.QCOW2, 768 * MIB).virtualSize()).isEqualTo(768 * MIB);
        assertThatThrownBy(() -> root.resize(lun, VolumeFormat.QCOW2, 2 * lab.lunBytes()))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.problem()).isEqualTo(Problem.INVALID_REQUEST))
                .hasMessageContaining("the LUN holds 1 GiB, a volume of 2 GiB does not fit");
    }

    @Test
    void qcow2OnAChapLunFromAHostNamespace() throws Exception {
        ChapCredentials chap = new ChapCredentials(lab.chapUser(), lab.chapSecret());
        StorageConnection.Iscsi iscsi = new StorageConnection.Iscsi(lab.iscsiPortal(), lab.iscsiChapIqn(), Optional.of(chap));
        VolumeTool host = new VolumeTool(ToolRunner.prefixed(lab.host(2).command()), TIMEOUT);
        VolumeInfo disk = host.create(iscsi.lun(lab.iscsiChapLuns().get(0)), VolumeFormat.QCOW2, 256 * MIB);
        assertThat(disk.virtualSize()).isEqualTo(256 * MIB);
        assertThat(disk.location()).doesNotContain(lab.chapSecret());

        StorageConnection.Iscsi wrong = new StorageConnection.Iscsi(lab.iscsiPortal(), lab.iscsiChapIqn(),
                Optional.of(new ChapCredentials(lab.chapUser(), "wrong-secret-123")));
        assertThatThrownBy(() -> host.info(wrong.lun(1), VolumeFormat.QCOW2))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.problem()).isEqualTo(Problem.LOGIN_FAILED))
                .message().doesNotContain("wrong-secret-123");
    }

    @Test
    void convertLocalQcow2ToRawOnAnIscsiLunWithProgress(@TempDir Path dir) throws Exception {
        VolumeLocation local = VolumeLocation.path(dir.resolve("src.qcow2"));
        root.create(local, VolumeFormat.QCOW2, 32 * MIB);
        StorageLab.Run write = StorageLab.run(List.of("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 8M", local.uri()), TIMEOUT);
        assertThat(write.ok()).as(write.output()).isTrue();

        StorageConnection.Iscsi iscsi = new StorageConnection.Iscsi(lab.iscsiPortal(), lab.iscsiIqn());
        VolumeLocation lun = iscsi.lun(lab.iscsiLuns().get(1));
        List<Double> progress = new CopyOnWriteArrayList<>();
        VolumeInfo copy = root.convert(local, VolumeFormat.QCOW2, lun, VolumeFormat.RAW, TIMEOUT, progress::add);
        assertThat(copy.format()).isEqualTo(VolumeFormat.RAW);
        assertThat(copy.virtualSize()).isEqualTo(lab.lunBytes()); // raw on a LUN: the LUN's size
        assertThat(progress).isNotEmpty().isSorted();
        assertThat(progress.get(progress.size() - 1)).isEqualTo(100.0);
        // the pattern arrived, read back over iSCSI (reading just those 8 MiB, not the whole LUN)
        StorageLab.Run same = StorageLab.run(List.of("qemu-io", "-f", "raw", "-c", "read -P 0x5a 0 8M", lun.uri()), TIMEOUT);
        assertThat(same.ok() && !same.output().contains("Pattern verification failed")).as(same.output()).isTrue();
    }

    private static String fresh(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
