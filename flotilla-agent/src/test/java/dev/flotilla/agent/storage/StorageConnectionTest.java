package dev.flotilla.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StorageConnectionTest {

    private static final String IQN = "iqn.2025-01.dev.flotilla.lab:open";

    @Test
    void nfsVolumesAreUrlsInTheExport() {
        StorageConnection.Nfs nfs = new StorageConnection.Nfs("10.0.0.5", "/export/");
        assertThat(nfs.export()).isEqualTo("/export");
        assertThat(nfs.volume("images/disk1.qcow2").uri()).isEqualTo("nfs://10.0.0.5/export/images/disk1.qcow2");
        assertThat(nfs.volume("d.qcow2").kind()).isEqualTo(VolumeLocation.Kind.NFS);
        assertThat(new StorageConnection.Nfs("srv", "/").volume("d").uri()).isEqualTo("nfs://srv/d");
        assertThat(nfs.describe()).isEqualTo("nfs 10.0.0.5:/export");
    }

    @Test
    void namesThatEscapeTheDomainOrBreakTheUrlAreRefused() {
        StorageConnection.Nfs nfs = new StorageConnection.Nfs("10.0.0.5", "/export");
        for (String bad : new String[] {"../etc/passwd", "/abs", "a?version=4", "a b", "", "a//b", "x:y"}) {
            assertThatThrownBy(() -> nfs.volume(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new StorageConnection.Nfs("10.0.0.5", "export")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> new StorageConnection.Nfs("bad host", "/export")).hasMessageContaining("NFS server");
        assertThatThrownBy(() -> new StorageConnection.Local(Path.of("rel"))).hasMessageContaining("absolute");
    }

    @Test
    void iscsiPortalGetsTheDefaultPortAndLunsAreUrls() {
        StorageConnection.Iscsi iscsi = new StorageConnection.Iscsi("10.0.0.5", IQN);
        assertThat(iscsi.portal()).isEqualTo("10.0.0.5:3260");
        assertThat(iscsi.host()).isEqualTo("10.0.0.5");
        assertThat(iscsi.port()).isEqualTo(3260);
        assertThat(iscsi.lun(1).uri()).isEqualTo("iscsi://10.0.0.5:3260/" + IQN + "/1");
        assertThatThrownBy(() -> new StorageConnection.Iscsi("10.0.0.5:99999", IQN)).hasMessageContaining("port");
        assertThatThrownBy(() -> new StorageConnection.Iscsi("10.0.0.5", "disk1")).hasMessageContaining("not an iSCSI name");
        assertThatThrownBy(() -> iscsi.lun(-1)).hasMessageContaining("LUN");
    }

    @Test
    void theChapSecretGoesToTheEnvironmentAndNowhereElse() {
        ChapCredentials chap = new ChapCredentials("flotilla", "s3cret-s3cret");
        StorageConnection.Iscsi iscsi = new StorageConnection.Iscsi("10.0.0.5", IQN, Optional.of(chap));
        VolumeLocation lun = iscsi.lun(1);
        assertThat(lun.uri()).doesNotContain("s3cret");
        assertThat(lun.toString()).doesNotContain("s3cret");
        assertThat(iscsi.toString()).doesNotContain("s3cret");
        assertThat(iscsi.describe()).isEqualTo("iscsi 10.0.0.5:3260 " + IQN + " (CHAP user flotilla)");
        assertThat(lun.environment()).containsEntry("LIBISCSI_CHAP_USERNAME", "flotilla")
                .containsEntry("LIBISCSI_CHAP_PASSWORD", "s3cret-s3cret");
        assertThat(lun.redact("login with s3cret-s3cret failed")).isEqualTo("login with *** failed");
        assertThatThrownBy(() -> new ChapCredentials("a@b", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pathVolumesStayUnderTheirDirectory() {
        StorageConnection.Posix posix = new StorageConnection.Posix(Path.of("/mnt/domain/./"));
        assertThat(posix.volume("disk.raw").uri()).isEqualTo("/mnt/domain/disk.raw");
        assertThat(posix.volume("disk.raw").kind()).isEqualTo(VolumeLocation.Kind.PATH);
        assertThatThrownBy(() -> posix.volume("../x")).isInstanceOf(IllegalArgumentException.class);
    }
}
