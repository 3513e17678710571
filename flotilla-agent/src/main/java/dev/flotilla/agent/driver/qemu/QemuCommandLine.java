package dev.flotilla.agent.driver.qemu;

import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.VmDefinition;
import java.util.ArrayList;
import java.util.List;

/** Builds the argv of one QEMU process from a {@link VmDefinition}. Pure: no file or process is touched. */
final class QemuCommandLine {

    private QemuCommandLine() {}

    static List<String> argv(String qemuBinary, String accel, VmDefinition vm, VmFiles files) throws DriverException {
        return argv(qemuBinary, accel, vm, files, false);
    }

    /**
     * @param incoming for the destination of a live migration: QEMU waits for {@code migrate-incoming}
     *                 and runs the guest by itself once the migration completes (hence no {@code -S})
     */
    static List<String> argv(String qemuBinary, String accel, VmDefinition vm, VmFiles files, boolean incoming)
            throws DriverException {
        List<String> argv = new ArrayList<>(List.of(
                qemuBinary,
                "-machine", "q35,accel=" + accel,
                // "host" passes the real CPU through; TCG cannot, "max" gives it every feature it emulates.
                "-cpu", accel.equals("kvm") ? "host" : "max",
                "-smp", Integer.toString(vm.cpus()),
                "-m", vm.memoryMiB() + "M",
                "-nodefaults",
                "-no-user-config",
                "-display", "none",
                // Kept even without a display: the VNC console attaches to it.
                "-vga", "std",
                // VNC on a unix socket only the agent can open: the console reaches it through the
                // agent's link to the manager, so no host port is ever open to the network.
                "-vnc", "unix:" + escape(files.vncSocket().toString()),
                "-serial", "file:" + files.serialLog(),
                "-chardev", "socket,id=qmp,path=" + files.qmpSocket() + ",server=on,wait=off",
                "-mon", "chardev=qmp,mode=control",
                "-pidfile", files.pidFile().toString(),
                // The VM id in the process name and the SMBIOS uuid lets /proc/<pid>/cmdline prove which VM a pid is.
                "-name", escape(vm.name()) + ",process=flotilla-" + vm.id(),
                "-uuid", vm.id().toString(),
                "-object", "rng-random,id=rng0,filename=/dev/urandom",
                "-device", "virtio-rng-pci,rng=rng0"));
        if (incoming) {
            argv.addAll(List.of("-incoming", "defer"));
        } else {
            // CPUs start halted so that QMP is attached before the guest can emit its first event.
            argv.add("-S");
        }
        if (vm.deviceLayout()) {
            // a disk plugged live sits behind a root port: the ports must exist before the disks that name them
            argv.addAll(DiskHotplug.rootPortArgv());
        }
        argv.addAll(BlockDevices.argv(CdromDevice.disks(vm.disks()), vm.deviceLayout(), files::chapSecret));
        argv.addAll(CdromDevice.argv(vm.disks()));
        if (!vm.deviceLayout()) {
            // after the disks, as VMs started before slots existed have them: their devices keep their addresses
            argv.addAll(DiskHotplug.rootPortArgv());
        }
        VmDefinition.Boot boot = vm.boot();
        if (boot != null && boot.hasKernel()) {
            argv.add("-kernel");
            argv.add(boot.kernel());
            if (boot.initrd() != null && !boot.initrd().isBlank()) {
                argv.add("-initrd");
                argv.add(boot.initrd());
            }
            if (boot.cmdline() != null && !boot.cmdline().isBlank()) {
                argv.add("-append");
                argv.add(boot.cmdline());
            }
        }
        return List.copyOf(argv);
    }

    /** QEMU option values separate keys with commas; a literal comma is written twice. */
    static String escape(String value) {
        return value.replace(",", ",,");
    }
}
