package dev.flotilla.agent.testlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The KEY=value contract of lab.sh as the fixture reads it (no lab needed). */
class StorageLabTest {

    static final String UP_OUTPUT = """
            lab: NFS export /export answers
            LAB_DIR=/var/lib/flotilla-lab
            LAB_SUBNET=10.213.0.0/24
            ROOT_ADDRESS=10.213.0.1
            ROOT_LINK=flotilla-lab0
            BRIDGE_NAMESPACE=flotilla-lab-br
            STORAGE_NAMESPACE=flotilla-lab-storage
            STORAGE_ADDRESS=10.213.0.10
            UNUSED_ADDRESS=10.213.0.250
            NFS_EXPORT=/export
            NFS_EXPORT_DIR=/var/lib/flotilla-lab/nfs/export
            NFS_URL=nfs://10.213.0.10/export
            NFS_ISO_EXPORT=/iso
            NFS_ISO_EXPORT_DIR=/var/lib/flotilla-lab/nfs/iso
            NFS_ISO_URL=nfs://10.213.0.10/iso
            ISCSI_PORTAL=10.213.0.10:3260
            ISCSI_IQN=iqn.2025-01.dev.flotilla.lab:open
            ISCSI_LUNS=1,2
            ISCSI_CHAP_IQN=iqn.2025-01.dev.flotilla.lab:chap
            ISCSI_CHAP_LUNS=1
            ISCSI_CHAP_USER=flotilla
            ISCSI_CHAP_SECRET=flotilla-lab-chap
            ISCSI_CHAP2_IQN=iqn.2025-01.dev.flotilla.lab:chap2
            ISCSI_CHAP2_LUNS=1
            ISCSI_CHAP2_USER=flotilla2
            ISCSI_CHAP2_SECRET=flotilla-lab-chap-2
            ISCSI_LUN_BYTES=1073741824
            HOST_COUNT=2
            HOST_1_NAMESPACE=flotilla-lab-host1
            HOST_1_ADDRESS=10.213.0.11
            HOST_2_NAMESPACE=flotilla-lab-host2
            HOST_2_ADDRESS=10.213.0.12
            lab: up done in 0 s
            """;

    @Test
    void readsEveryValueOfTheContract() {
        StorageLab lab = StorageLab.parse(UP_OUTPUT);
        assertThat(lab.storageAddress()).isEqualTo("10.213.0.10");
        assertThat(lab.rootAddress()).isEqualTo("10.213.0.1");
        assertThat(lab.unusedAddress()).isEqualTo("10.213.0.250");
        assertThat(lab.nfsExport()).isEqualTo("/export");
        assertThat(lab.nfsExportDir()).isEqualTo(Path.of("/var/lib/flotilla-lab/nfs/export"));
        assertThat(lab.nfsUrl()).isEqualTo("nfs://10.213.0.10/export");
        assertThat(lab.nfsIsoUrl()).isEqualTo("nfs://10.213.0.10/iso");
        assertThat(lab.iscsiPortal()).isEqualTo("10.213.0.10:3260");
        assertThat(lab.iscsiIqn()).isEqualTo("iqn.2025-01.dev.flotilla.lab:open");
        assertThat(lab.iscsiLuns()).containsExactly(1, 2);
        assertThat(lab.iscsiChapIqn()).isEqualTo("iqn.2025-01.dev.flotilla.lab:chap");
        assertThat(lab.iscsiChapLuns()).containsExactly(1);
        assertThat(lab.chapUser()).isEqualTo("flotilla");
        assertThat(lab.chap2()).isEqualTo(new StorageLab.SecondChapTarget("iqn.2025-01.dev.flotilla.lab:chap2", List.of(1), "flotilla2",
                "flotilla-lab-chap-2"));
        assertThat(lab.chapSecret()).isEqualTo("flotilla-lab-chap");
        assertThat(lab.lunBytes()).isEqualTo(1L << 30);
        assertThat(lab.hosts()).containsExactly(new StorageLab.Host("flotilla-lab-host1", "10.213.0.11"),
                new StorageLab.Host("flotilla-lab-host2", "10.213.0.12"));
        assertThat(lab.host(2).command("qemu-img", "info", "x"))
                .isEqualTo(List.of("ip", "netns", "exec", "flotilla-lab-host2", "qemu-img", "info", "x"));
    }

    @Test
    void aMissingValueIsNamed() {
        assertThatThrownBy(() -> StorageLab.parse(UP_OUTPUT.replaceAll("(?m)^ISCSI_IQN=.*$", "")))
                .hasMessageContaining("ISCSI_IQN");
    }
}
