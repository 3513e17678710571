package dev.flotilla.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.storage.StorageException.Problem;
import org.junit.jupiter.api.Test;

/** Each rule on what qemu-img and the libnfs/libiscsi tools really print (QEMU 7.2, libnfs 4, libiscsi 1.19). */
class ToolErrorsTest {

    private static StorageException classify(String output) {
        return ToolErrors.classify("cannot read x", output);
    }

    @Test
    void nfsMountRefusedIsAMissingExport() {
        StorageException e = classify("qemu-img: Could not open 'nfs://10.213.0.10/wrong/a.qcow2': Failed to mount nfs share: "
                + "mount_cb: RPC error: Mount failed with error MNT3ERR_ACCES(13) Permission denied(13)");
        assertThat(e.problem()).isEqualTo(Problem.NO_SUCH_EXPORT);
        assertThat(e.code()).isEqualTo(DriverException.Code.INVALID_SPEC);
        assertThat(e.getMessage()).startsWith("cannot read x: the NFS server refused to mount the export")
                .contains("MNT3ERR_ACCES").doesNotContain("qemu-img:");
    }

    @Test
    void nfsMissingFileIsNotFound() {
        assertThat(classify("qemu-img: Could not open 'nfs://10.213.0.10/export/none.qcow2': Failed to open file : "
                + "open call failed with \"NFS: Lookup of /none.qcow2 failed with NFS3ERR_NOENT(-2)\"").problem())
                .isEqualTo(Problem.NOT_FOUND);
    }

    @Test
    void silentServersAreUnreachable() {
        assertThat(classify("qemu-img: Could not open 'nfs://10.213.0.250/export/a.qcow2': Failed to mount nfs share: nfs_service failed")
                .problem()).isEqualTo(Problem.UNREACHABLE);
        StorageException iscsi = classify("qemu-img: Could not open 'iscsi://10.213.0.250/iqn.2025-01.dev.flotilla.lab:open/1': "
                + "iSCSI: Failed to connect to LUN : iscsi_service failed with : iscsi_service_reconnect_if_loggedin. Can not reconnect right now.\n\n");
        assertThat(iscsi.problem()).isEqualTo(Problem.UNREACHABLE);
        assertThat(iscsi.code()).isEqualTo(DriverException.Code.DRIVER_FAILURE);
        assertThat(classify("discoveryconnect_cb: connection failed : iscsi_service: socket error Connection refused(111).").problem())
                .isEqualTo(Problem.UNREACHABLE);
    }

    @Test
    void iscsiLoginTargetAndLun() {
        assertThat(classify("iSCSI: Failed to connect to LUN : Failed to log in to target. Status: Authentication failure(513)")
                .problem()).isEqualTo(Problem.LOGIN_FAILED);
        assertThat(classify("iSCSI: Failed to connect to LUN : Failed to log in to target. Status: Target not found(515)")
                .problem()).isEqualTo(Problem.NO_SUCH_TARGET);
        assertThat(classify("iSCSI: Failed to connect to LUN : SENSE KEY:ILLEGAL_REQUEST(5) ASCQ:LOGICAL_UNIT_NOT_SUPPORTED(0x2500)")
                .problem()).isEqualTo(Problem.NO_SUCH_LUN);
    }

    @Test
    void missingBlockModulesAndStaleHandles() {
        assertThat(classify("qemu-img: Could not open 'nfs://srv/export/a': Unknown protocol 'nfs'").problem())
                .isEqualTo(Problem.TOOL_MISSING);
        StorageException stale = classify("Failed to open file : open call failed with \"NFS: Lookup failed with NFS3ERR_STALE(-70)\"");
        assertThat(stale.problem()).isEqualTo(Problem.TOOL_FAILED);
        assertThat(stale.getMessage()).contains("new name");
    }

    @Test
    void anythingElseIsQuotedAsItIs() {
        StorageException e = classify("qemu-img: iscsi://x/iqn.2025-01.a:b/2: Cannot grow iSCSI devices\n");
        assertThat(e.problem()).isEqualTo(Problem.TOOL_FAILED);
        assertThat(e.getMessage()).isEqualTo("cannot read x: iscsi://x/iqn.2025-01.a:b/2: Cannot grow iSCSI devices");
        assertThat(classify("").getMessage()).contains("said nothing");
    }
}
