package dev.flotilla.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The options a LUN is opened with when each side of a copy logs in with its own CHAP login. */
class CrossLoginCopyTest {

    private static final ChapCredentials ONE = new ChapCredentials("one", "secret-1");
    private static final ChapCredentials TWO = new ChapCredentials("two,users", "secret-2");

    @Test
    void aLunsOptionsNameItsPortalTargetLunUserAndSecretObjectButNeverTheSecret() {
        VolumeLocation lun = new StorageConnection.Iscsi("10.213.0.10:3260", "iqn.2025-01.dev.flotilla.lab:chap2", Optional.of(TWO)).lun(7);

        String opts = CrossLoginCopy.imageOpts(lun, VolumeFormat.QCOW2, "login1");

        assertThat(opts).isEqualTo("driver=qcow2,file.driver=iscsi,file.transport=tcp,file.portal=10.213.0.10:3260,"
                + "file.target=iqn.2025-01.dev.flotilla.lab:chap2,file.lun=7,file.user=two,,users,file.password-secret=login1");
        assertThat(opts).doesNotContain("secret-2");
    }

    @Test
    void twoLoginsAreNeededOnlyWhenBothSidesLogInDifferently() {
        VolumeLocation a = new StorageConnection.Iscsi("10.0.0.1:3260", "iqn.2025-01.x:a", Optional.of(ONE)).lun(1);
        VolumeLocation b = new StorageConnection.Iscsi("10.0.0.1:3260", "iqn.2025-01.x:b", Optional.of(TWO)).lun(1);
        VolumeLocation sameLogin = new StorageConnection.Iscsi("10.0.0.1:3260", "iqn.2025-01.x:c", Optional.of(ONE)).lun(2);
        VolumeLocation open = new StorageConnection.Iscsi("10.0.0.1:3260", "iqn.2025-01.x:open").lun(1);

        assertThat(CrossLoginCopy.needed(a, b)).isTrue();
        assertThat(CrossLoginCopy.needed(a, sameLogin)).isFalse();
        assertThat(CrossLoginCopy.needed(a, open)).isFalse();
        assertThatThrownBy(() -> CrossLoginCopy.imageOpts(VolumeLocation.path(java.nio.file.Path.of("/tmp/x.qcow2")), VolumeFormat.QCOW2, "s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not an iSCSI LUN");
    }
}
