package dev.flotilla.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.driver.VmDefinition;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every VM has a CD-ROM drive; the ISO of the spec (bus ide-cd) is opened read-only in it, first to boot when asked. */
class CdromDeviceTest {

    private static final UUID ID = UUID.fromString("0b7f6c1e-1a2b-4c3d-8e9f-001122334455");
    private static final VmFiles FILES = new VmFiles(Path.of("/state/vms/" + ID));
    private static final VmDefinition.Disk DATA = new VmDefinition.Disk("d1", "v1", "nfs://10.0.0.5/export/images/d1/v1.qcow2",
            "qcow2", "", "", "virtio-blk", true, false);

    private static VmDefinition.Disk iso(boolean boot) {
        return new VmDefinition.Disk("i1", "iv1", "nfs://10.0.0.5/iso/images/i1/iv1.raw", "raw", "", "", "ide-cd", boot, true);
    }

    @Test
    void aVmWithoutIsoGetsAnEmptyDrive() throws Exception {
        List<String> argv = QemuCommandLine.argv("qemu-system-x86_64", "tcg",
                new VmDefinition(ID, "vm", 1, 256, VmDefinition.Boot.NONE, List.of(DATA)), FILES);

        assertThat(argv).contains("ide-cd,id=cdrom0,bus=ide.2", "virtio-blk-pci,drive=drive0,id=disk-d1,werror=stop,rerror=stop,bootindex=1");
        assertThat(String.join(" ", argv)).doesNotContain("cdrom-file");
    }

    @Test
    void theIsoIsOpenedReadOnlyInTheDriveAndBootsFirstWhenAsked() throws Exception {
        List<String> argv = QemuCommandLine.argv("qemu-system-x86_64", "tcg",
                new VmDefinition(ID, "vm", 1, 256, VmDefinition.Boot.NONE, List.of(DATA, iso(true))), FILES);

        assertThat(argv).contains("ide-cd,id=cdrom0,bus=ide.2,drive=cdrom,bootindex=0",
                "{\"driver\":\"nfs\",\"server\":{\"type\":\"inet\",\"host\":\"10.0.0.5\"},\"path\":\"/iso/images/i1/iv1.raw\",\"node-name\":\"cdrom-file\",\"read-only\":true}",
                "{\"driver\":\"raw\",\"node-name\":\"cdrom\",\"file\":\"cdrom-file\",\"read-only\":true}");
        assertThat(argv.stream().filter(a -> a.contains("drive1"))).as("the ISO is not a second disk").isEmpty();
    }

    @Test
    void anIsoNotToBootFromHasNoBootIndex() throws Exception {
        assertThat(CdromDevice.argv(List.of(iso(false)))).contains("ide-cd,id=cdrom0,bus=ide.2,drive=cdrom");
    }
}
