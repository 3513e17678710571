package dev.flotilla.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parsing of {@code qemu-img info --output=json} as QEMU 7.2 prints it. */
class VolumeInfoTest {

    @Test
    void overlayOnNfs() {
        String json = """
                {
                    "backing-filename-format": "qcow2",
                    "virtual-size": 1073741824,
                    "filename": "nfs://10.213.0.10/export/top.qcow2",
                    "cluster-size": 65536,
                    "format": "qcow2",
                    "actual-size": 200704,
                    "full-backing-filename": "nfs://10.213.0.10/export/a.qcow2",
                    "backing-filename": "nfs://10.213.0.10/export/a.qcow2",
                    "dirty-flag": false
                }
                """;
        VolumeInfo info = VolumeInfo.parse("nfs://10.213.0.10/export/top.qcow2", json);
        assertThat(info.format()).isEqualTo(VolumeFormat.QCOW2);
        assertThat(info.virtualSize()).isEqualTo(1073741824L);
        assertThat(info.actualSize()).hasValue(200704L);
        assertThat(info.backingFile()).hasValue("nfs://10.213.0.10/export/a.qcow2");
        assertThat(info.backingFormat()).hasValue(VolumeFormat.QCOW2);
        assertThat(info.dirty()).isFalse();
    }

    @Test
    void iscsiLunHasNoActualSizeAndItsFilenameIsNotKept() {
        // qemu-img spells out the CHAP login in "filename"; the record keeps the location asked for
        String json = """
                {"virtual-size": 1073741824,
                 "filename": "json:{\\"driver\\": \\"iscsi\\", \\"user\\": \\"flotilla\\", \\"password\\": \\"s3cret\\"}",
                 "format": "raw", "dirty-flag": false}
                """;
        VolumeInfo info = VolumeInfo.parse("iscsi://10.213.0.10:3260/iqn.2025-01.dev.flotilla.lab:chap/1", json);
        assertThat(info.format()).isEqualTo(VolumeFormat.RAW);
        assertThat(info.actualSize()).isEmpty();
        assertThat(info.backingFile()).isEmpty();
        assertThat(info.toString()).doesNotContain("s3cret");
    }

    @Test
    void otherFormatsAndGarbageAreRefused() {
        assertThatThrownBy(() -> VolumeInfo.parse("/x.vmdk", "{\"format\":\"vmdk\",\"virtual-size\":1}"))
                .hasMessageContaining("vmdk image");
        assertThatThrownBy(() -> VolumeInfo.parse("/x", "not json")).hasMessageContaining("no JSON");
        assertThatThrownBy(() -> VolumeInfo.parse("/x", "{}")).hasMessageContaining("lacks format");
    }

    @Test
    void progressOfQemuImgP() {
        assertThat(VolumeTool.progressOf("    (42.17/100%)")).hasValue(42.17);
        assertThat(VolumeTool.progressOf("    (100.00/100%)")).hasValue(100.0);
        assertThat(VolumeTool.progressOf("Formatting 'x'")).isEmpty();
    }
}
