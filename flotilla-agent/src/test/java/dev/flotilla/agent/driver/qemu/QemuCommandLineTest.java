package dev.flotilla.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.driver.VmDefinition;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QemuCommandLineTest {

    private static final UUID ID = UUID.fromString("0b7f6c1e-1a2b-4c3d-8e9f-001122334455");
    private static final VmFiles FILES = new VmFiles(Path.of("/state/vms/" + ID));

    private static VmDefinition vm(VmDefinition.Boot boot) {
        return new VmDefinition(ID, "web,01", 2, 512, boot);
    }

    /** The value following {@code option}. */
    private static String after(List<String> argv, String option) {
        int i = argv.indexOf(option);
        assertThat(i).as("option %s in %s", option, argv).isNotNegative();
        return argv.get(i + 1);
    }

    @Test
    void tcgMachineWithEverythingTheDriverReliesOn() throws Exception {
        List<String> argv = QemuCommandLine.argv("qemu-system-x86_64", "tcg",
                vm(new VmDefinition.Boot("/boot/vmlinuz", "/boot/initrd", "console=ttyS0 quiet")), FILES);

        assertThat(argv.get(0)).isEqualTo("qemu-system-x86_64");
        assertThat(after(argv, "-machine")).isEqualTo("q35,accel=tcg");
        assertThat(after(argv, "-cpu")).isEqualTo("max");
        assertThat(after(argv, "-smp")).isEqualTo("2");
        assertThat(after(argv, "-m")).isEqualTo("512M");
        assertThat(argv).contains("-nodefaults", "-no-user-config", "-S");
        assertThat(after(argv, "-display")).isEqualTo("none");
        assertThat(after(argv, "-vga")).isEqualTo("std");
        assertThat(after(argv, "-vnc")).isEqualTo("unix:/state/vms/" + ID + "/vnc.sock");
        assertThat(after(argv, "-serial")).isEqualTo("file:/state/vms/" + ID + "/serial.log");
        assertThat(after(argv, "-chardev")).isEqualTo("socket,id=qmp,path=/state/vms/" + ID + "/qmp.sock,server=on,wait=off");
        assertThat(after(argv, "-mon")).isEqualTo("chardev=qmp,mode=control");
        assertThat(after(argv, "-pidfile")).isEqualTo("/state/vms/" + ID + "/qemu.pid");
        // A comma in the name is doubled so QEMU does not read it as the next key.
        assertThat(after(argv, "-name")).isEqualTo("web,,01,process=flotilla-" + ID);
        assertThat(after(argv, "-uuid")).isEqualTo(ID.toString());
        assertThat(argv).anyMatch(a -> a.startsWith("virtio-rng-pci"));
        assertThat(after(argv, "-kernel")).isEqualTo("/boot/vmlinuz");
        assertThat(after(argv, "-initrd")).isEqualTo("/boot/initrd");
        assertThat(after(argv, "-append")).isEqualTo("console=ttyS0 quiet");
        assertThat(argv).doesNotContain("-daemonize");
    }

    @Test
    void kvmPassesTheHostCpuThrough() throws Exception {
        List<String> argv = QemuCommandLine.argv("qemu-system-x86_64", "kvm", vm(VmDefinition.Boot.NONE), FILES);

        assertThat(after(argv, "-machine")).isEqualTo("q35,accel=kvm");
        assertThat(after(argv, "-cpu")).isEqualTo("host");
    }

    @Test
    void noKernelMeansNoDirectBootOptions() throws Exception {
        List<String> argv = QemuCommandLine.argv("qemu-system-x86_64", "tcg", vm(VmDefinition.Boot.NONE), FILES);

        assertThat(argv).doesNotContain("-kernel", "-initrd", "-append");
    }

    @Test
    void kernelWithoutInitrdOrCmdline() throws Exception {
        List<String> argv = QemuCommandLine.argv("qemu-system-x86_64", "tcg",
                vm(new VmDefinition.Boot("/boot/vmlinuz", "", "")), FILES);

        assertThat(after(argv, "-kernel")).isEqualTo("/boot/vmlinuz");
        assertThat(argv).doesNotContain("-initrd", "-append");
        assertThat(Collections.frequency(argv, "-kernel")).isEqualTo(1);
    }

    @Test
    void eachDiskBecomesBlockdevNodesAndADeviceWithItsSecretInTheVmDirectory() throws Exception {
        VmDefinition vm = new VmDefinition(ID, "disks", 1, 256, VmDefinition.Boot.NONE, List.of(
                new VmDefinition.Disk("d1", "v1", "iscsi://10.0.0.5:3260/iqn.2025-01.dev.flotilla:chap/1", "qcow2", "u", "s3cret",
                        "virtio-blk", true, false)));

        List<String> argv = QemuCommandLine.argv("qemu-system-x86_64", "tcg", vm, FILES);

        assertThat(Collections.frequency(argv, "-blockdev")).isEqualTo(2);
        assertThat(argv).contains("secret,id=chap0,format=raw,file=/state/vms/" + ID + "/chap0.secret",
                "virtio-blk-pci,drive=drive0,id=disk-d1,werror=stop,rerror=stop,bootindex=1");
        assertThat(String.join(" ", argv)).doesNotContain("s3cret");
    }
}
