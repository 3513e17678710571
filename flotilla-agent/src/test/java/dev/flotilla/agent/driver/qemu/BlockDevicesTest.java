package dev.flotilla.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.VmDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockDevicesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NFS = "nfs://10.0.0.5/export/images/d1/v1.qcow2";
    private static final String ISCSI = "iscsi://10.0.0.5:3260/iqn.2025-01.dev.flotilla:chap/2";

    private static VmDefinition.Disk disk(String id, String location, String format, String chapUser, String bus,
                                          boolean bootable, boolean readOnly) {
        return new VmDefinition.Disk(id, "vol-" + id, location, format, chapUser, chapUser.isEmpty() ? "" : "s3cret", bus,
                bootable, readOnly);
    }

    private static List<String> argv(VmDefinition.Disk... disks) throws DriverException {
        return BlockDevices.argv(List.of(disks), i -> Path.of("/state/vms/x/chap" + i + ".secret"));
    }

    /** Every value that follows {@code option}, in order. */
    private static List<String> values(List<String> argv, String option) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals(option)) {
                out.add(argv.get(i + 1));
            }
        }
        return out;
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void withADeviceLayoutEachDiskSitsAtItsSlotAndTheScsiControllerIsAlwaysThere() throws Exception {
        List<String> argv = BlockDevices.argv(List.of(disk("d1", NFS, "qcow2", "", "virtio-blk", true, false).at(2),
                disk("d2", NFS, "qcow2", "", "virtio-blk", false, false).at(DiskSlot.FIRST_PORT_SLOT + 1),
                disk("d3", NFS, "qcow2", "", "virtio-scsi", false, false).at(7)), true, i -> Path.of("/x"));

        assertThat(values(argv, "-device")).containsExactly("virtio-scsi-pci,id=scsi0",
                "virtio-blk-pci,drive=drive0,bus=pcie.0,addr=0x12,id=disk-d1,werror=stop,rerror=stop,bootindex=1",
                "virtio-blk-pci,drive=drive1,bus=hotplug1,id=disk-d2,werror=stop,rerror=stop",
                "scsi-hd,drive=drive2,bus=scsi0.0,scsi-id=7,lun=0,id=disk-d3,werror=stop,rerror=stop");
        assertThat(values(BlockDevices.argv(List.of(), true, i -> Path.of("/x")), "-device"))
                .as("a SCSI disk plugged live later adds no PCI device").containsExactly("virtio-scsi-pci,id=scsi0");
    }

    @Test
    void aSlotOutsideTheRangesOfItsBusIsRefusedNamingTheDisk() {
        assertThatThrownBy(() -> argv(disk("d1", NFS, "qcow2", "", "virtio-blk", false, false).at(DiskSlot.ROOT_SLOTS)))
                .isInstanceOfSatisfying(DriverException.class, e -> {
                    assertThat(e.code()).isEqualTo(DriverException.Code.INVALID_SPEC);
                    assertThat(e.getMessage()).contains("disk d1 has slot 15", "0-14 or 100-103");
                });
        assertThatThrownBy(() -> argv(disk("d2", NFS, "qcow2", "", "virtio-scsi", false, false).at(256)))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.getMessage()).contains("disk d2 has slot 256"));
    }

    @Test
    void anNfsQcow2DiskIsANamedNfsProtocolNodeUnderAQcow2NodeOnVirtioBlk() throws Exception {
        List<String> argv = argv(disk("d1", NFS, "qcow2", "", "virtio-blk", true, false));

        List<String> nodes = values(argv, "-blockdev");
        assertThat(nodes).hasSize(2);
        JsonNode protocol = json(nodes.get(0));
        assertThat(protocol.path("driver").asText()).isEqualTo("nfs");
        assertThat(protocol.path("node-name").asText()).isEqualTo("file0");
        assertThat(protocol.path("server").path("type").asText()).isEqualTo("inet");
        assertThat(protocol.path("server").path("host").asText()).isEqualTo("10.0.0.5");
        assertThat(protocol.path("path").asText()).isEqualTo("/export/images/d1/v1.qcow2");
        assertThat(protocol.path("read-only").asBoolean()).isFalse();
        JsonNode format = json(nodes.get(1));
        assertThat(format.path("driver").asText()).isEqualTo("qcow2");
        assertThat(format.path("node-name").asText()).isEqualTo("drive0");
        assertThat(format.path("file").asText()).isEqualTo("file0");
        assertThat(values(argv, "-device")).containsExactly("virtio-blk-pci,drive=drive0,id=disk-d1,werror=stop,rerror=stop,bootindex=1");
        assertThat(values(argv, "-object")).isEmpty();
    }

    @Test
    void anIscsiDiskGetsItsChapSecretFromAFileNeverFromTheCommandLine() throws Exception {
        List<String> argv = argv(disk("d2", ISCSI, "raw", "flotilla", "virtio-blk", false, false));

        assertThat(values(argv, "-object")).containsExactly("secret,id=chap0,format=raw,file=/state/vms/x/chap0.secret");
        JsonNode protocol = json(values(argv, "-blockdev").get(0));
        assertThat(protocol.path("driver").asText()).isEqualTo("iscsi");
        assertThat(protocol.path("transport").asText()).isEqualTo("tcp");
        assertThat(protocol.path("portal").asText()).isEqualTo("10.0.0.5:3260");
        assertThat(protocol.path("target").asText()).isEqualTo("iqn.2025-01.dev.flotilla:chap");
        assertThat(protocol.path("lun").asInt()).isEqualTo(2);
        assertThat(protocol.path("user").asText()).isEqualTo("flotilla");
        assertThat(protocol.path("password-secret").asText()).isEqualTo("chap0");
        assertThat(json(values(argv, "-blockdev").get(1)).path("driver").asText()).isEqualTo("raw");
        assertThat(String.join(" ", argv)).doesNotContain("s3cret");
        assertThat(values(argv, "-device")).containsExactly("virtio-blk-pci,drive=drive0,id=disk-d2,werror=stop,rerror=stop");
    }

    @Test
    void aPathIsAFileNodeAndReadOnlyReachesBothNodes() throws Exception {
        List<String> argv = argv(disk("d3", "/data/images/d3/v.raw", "raw", "", "virtio-blk", false, true));

        JsonNode protocol = json(values(argv, "-blockdev").get(0));
        assertThat(protocol.path("driver").asText()).isEqualTo("file");
        assertThat(protocol.path("filename").asText()).isEqualTo("/data/images/d3/v.raw");
        assertThat(protocol.path("read-only").asBoolean()).isTrue();
        assertThat(json(values(argv, "-blockdev").get(1)).path("read-only").asBoolean()).isTrue();
    }

    @Test
    void severalDisksAreNumberedInOrderAndVirtioScsiGetsOneController() throws Exception {
        List<String> argv = argv(disk("a", NFS, "qcow2", "", "virtio-blk", true, false),
                disk("b", "/x/b.qcow2", "qcow2", "", "virtio-scsi", true, false),
                disk("c", "/x/c.qcow2", "qcow2", "", "virtio-scsi", false, false));

        assertThat(values(argv, "-device")).containsExactly("virtio-scsi-pci,id=scsi0",
                "virtio-blk-pci,drive=drive0,id=disk-a,werror=stop,rerror=stop,bootindex=1",
                "scsi-hd,bus=scsi0.0,drive=drive1,id=disk-b,werror=stop,rerror=stop,bootindex=2",
                "scsi-hd,bus=scsi0.0,drive=drive2,id=disk-c,werror=stop,rerror=stop");
        assertThat(values(argv, "-blockdev")).hasSize(6);
    }

    @Test
    void aLocationOrFormatQemuCannotOpenIsAnInvalidSpecNamingTheDisk() {
        assertThatThrownBy(() -> argv(disk("bad", "ftp://x/y", "qcow2", "", "virtio-blk", false, false)))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.code()).isEqualTo(DriverException.Code.INVALID_SPEC))
                .hasMessageContaining("disk bad").hasMessageContaining("ftp://x/y");
        assertThatThrownBy(() -> argv(disk("vmdk", "/x/y", "vmdk", "", "virtio-blk", false, false)))
                .hasMessageContaining("format 'vmdk'");
        assertThatThrownBy(() -> argv(disk("ide", "/x/y", "raw", "", "ide", false, false)))
                .hasMessageContaining("bus 'ide'");
    }

    @Test
    void aChainOfVolumesIsOneNamedReadOnlyNodePerVolumeLinkedByNameAndEndingInNull() throws Exception {
        VmDefinition.Disk top = new VmDefinition.Disk("d1", "v3", "nfs://10.0.0.5/export/images/d1/v3.qcow2", "qcow2", "", "",
                "virtio-blk", true, false, List.of(
                        new VmDefinition.Backing("v2", "nfs://10.0.0.5/export/images/d1/v2.qcow2", "qcow2"),
                        new VmDefinition.Backing("v1", "nfs://10.0.0.5/export/images/tpl/v1.raw", "raw")));

        List<String> nodes = values(argv(top), "-blockdev");

        assertThat(nodes).hasSize(6);
        assertThat(JSON.readTree(nodes.get(0)).path("node-name").asText()).isEqualTo("file0");
        var lowestFile = JSON.readTree(nodes.get(1));
        assertThat(lowestFile.path("node-name").asText()).isEqualTo("file0b1");
        assertThat(lowestFile.path("driver").asText()).isEqualTo("nfs");
        assertThat(lowestFile.path("path").asText()).isEqualTo("/export/images/tpl/v1.raw");
        assertThat(lowestFile.path("read-only").asBoolean()).as("reopened read-write by a live merge later").isFalse();
        assertThat(lowestFile.path("auto-read-only").asBoolean()).isTrue();
        var lowest = JSON.readTree(nodes.get(2));
        assertThat(lowest.path("driver").asText()).isEqualTo("raw");
        assertThat(lowest.has("backing")).as("raw has no backing option").isFalse();
        var middle = JSON.readTree(nodes.get(4));
        assertThat(middle.path("node-name").asText()).isEqualTo("drive0b0");
        assertThat(middle.path("backing").asText()).isEqualTo("drive0b1");
        assertThat(middle.path("read-only").asBoolean()).isTrue();
        var active = JSON.readTree(nodes.get(5));
        assertThat(active.path("node-name").asText()).isEqualTo("drive0");
        assertThat(active.path("backing").asText()).isEqualTo("drive0b0");
        assertThat(active.path("read-only").asBoolean()).isFalse();

        VmDefinition.Disk alone = disk("d2", "/x/y.qcow2", "qcow2", "", "virtio-blk", false, false);
        VmDefinition.Disk lastOfChain = new VmDefinition.Disk("d3", "v2", "/x/top.qcow2", "qcow2", "", "", "virtio-blk", false, false,
                List.of(new VmDefinition.Backing("v1", "/x/base.qcow2", "qcow2")));
        List<String> two = values(argv(alone, lastOfChain), "-blockdev");
        assertThat(JSON.readTree(two.get(1)).has("backing")).as("a disk of one volume is opened as before").isFalse();
        assertThat(JSON.readTree(two.get(4)).path("backing").isNull()).as("the lowest qcow2 opens no file of its own choosing").isTrue();
    }
}
