package dev.flotilla.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Parsing of libnfs's and libiscsi's tools, on output captured from nfs-ganesha and tgtd. */
class ProbeOutputTest {

    @Test
    void nfsExportsFromDiscovery() {
        assertThat(ProbeOutput.nfsExports("nfs://10.213.0.10/iso\nnfs://10.213.0.10/export\n"))
                .containsExactly("/iso", "/export");
        assertThat(ProbeOutput.nfsExports("nfs://srv/data/vm/\n")).containsExactly("/data/vm");
        assertThat(ProbeOutput.nfsExports("")).isEmpty();
    }

    @Test
    void nfsFreeAndTotalFromTheSummaryLine() {
        String out = "-rw-------  1     0     0       196624 a.qcow2\n\n244568694784 of 270553174016 bytes free.\n";
        assertThat(ProbeOutput.nfsFreeAndTotal(out)).hasValueSatisfying(v -> {
            assertThat(v[0]).isEqualTo(244568694784L);
            assertThat(v[1]).isEqualTo(270553174016L);
        });
        assertThat(ProbeOutput.nfsFreeAndTotal("-rw------- 1 0 0 1 a\n")).isEmpty();
    }

    static final String ISCSI_LS = """
            Target:iqn.2025-01.dev.flotilla.lab:chap Portal:10.213.0.10:3260,1
            Target:iqn.2025-01.dev.flotilla.lab:open Portal:10.213.0.10:3260,1
            """;

    static final String ISCSI_LS_S = """
            Target:iqn.2025-01.dev.flotilla.lab:chap Portal:10.213.0.10:3260,1
            Lun:0    Type:STORAGE_ARRAY_CONTROLLER
            Lun:1    Type:DIRECT_ACCESS (Size:1023M)
            Target:iqn.2025-01.dev.flotilla.lab:open Portal:10.213.0.10:3260,1
            Lun:0    Type:STORAGE_ARRAY_CONTROLLER
            Lun:1    Type:DIRECT_ACCESS (Size:1023M)
            Lun:2    Type:DIRECT_ACCESS (Size:1023M)
            """;

    @Test
    void iscsiTargetsFromDiscovery() {
        assertThat(ProbeOutput.iscsiTargets(ISCSI_LS))
                .containsExactly("iqn.2025-01.dev.flotilla.lab:chap", "iqn.2025-01.dev.flotilla.lab:open");
    }

    @Test
    void diskLunsOfOneTargetLeaveOutTheController() {
        assertThat(ProbeOutput.iscsiLuns(ISCSI_LS_S, "iqn.2025-01.dev.flotilla.lab:open"))
                .isEqualTo(new ProbeOutput.LunScan(true, java.util.List.of(1, 2)));
        assertThat(ProbeOutput.iscsiLuns(ISCSI_LS_S, "iqn.2025-01.dev.flotilla.lab:chap").diskLuns()).containsExactly(1);
    }

    @Test
    void aScanThatStoppedAtAnotherTargetNeverReachedOurs() {
        // iscsi-ls -s stops at the first target that refuses the login; its error goes to stderr
        String stopped = "Target:iqn.2025-01.dev.flotilla.lab:chap Portal:10.213.0.10:3260,1\n";
        assertThat(ProbeOutput.iscsiLuns(stopped, "iqn.2025-01.dev.flotilla.lab:open").reached()).isFalse();
        assertThat(ProbeOutput.lastTarget(stopped)).hasValue("iqn.2025-01.dev.flotilla.lab:chap");
        assertThat(ProbeOutput.lastTarget("")).isEmpty();
    }

    @Test
    void lunBytesFromReadcapacity() {
        assertThat(ProbeOutput.lunBytes("1073741824\n")).hasValue(1073741824L);
        assertThat(ProbeOutput.lunBytes("Login Failed.")).isEmpty();
    }
}
