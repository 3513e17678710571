package dev.flotilla.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Launches a QEMU command line as it is, with none of Flotilla in the way, and times it until QEMU
 * runs the guest: the QMP socket accepts, capabilities are negotiated, {@code cont} is sent (the
 * line has {@code -S}, as the agent's does) and {@code query-status} answers running. This is
 * the floor the API start is compared with.
 */
final class RawQemu {

    private RawQemu() {
    }

    /** Starts the command, times it to "running", then kills it; returns the nanoseconds. */
    static long launchUntilRunning(List<String> argv, Path qmpSocket, Path log) throws IOException, InterruptedException {
        Files.deleteIfExists(qmpSocket);
        long t0 = System.nanoTime();
        Process qemu = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            try (Qmp qmp = Qmp.connect(qmpSocket, qemu)) {
                if (argv.contains("-S")) {
                    qmp.execute("cont");
                }
                String status = qmp.execute("query-status").path("status").asText();
                if (!status.equals("running")) {
                    throw new IllegalStateException("QEMU is not running after cont: " + status);
                }
            }
            return System.nanoTime() - t0;
        } finally {
            qemu.destroyForcibly();
            qemu.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The argv the qemu agent builds for a VM (QemuCommandLine: q35, -nodefaults, -vga std, VNC on
     * a unix socket, serial to a file, QMP on a unix socket, the fixed devices, direct kernel boot), with its files in
     * {@code dir}: {@code -S} for a VM that starts, {@code -incoming defer} for a migration's target.
     */
    static List<String> agentShapedArgv(String qemuBinary, String accel, int memoryMiB, Path dir, String vmId, TestGuestImage guest,
                                        boolean incoming) {
        List<String> argv = new java.util.ArrayList<>(List.of(qemuBinary,
                "-machine", "q35,accel=" + accel,
                "-cpu", accel.equals("kvm") ? "host" : "max",
                "-smp", "1",
                "-m", memoryMiB + "M",
                "-nodefaults", "-no-user-config", "-display", "none", "-vga", "std",
                "-vnc", "unix:" + dir.resolve("vnc.sock"),
                "-serial", "file:" + dir.resolve("serial.log"),
                "-chardev", "socket,id=qmp,path=" + dir.resolve("qmp.sock") + ",server=on,wait=off",
                "-mon", "chardev=qmp,mode=control",
                "-pidfile", dir.resolve("qemu.pid").toString(),
                "-name", "migrationbench,process=flotilla-" + vmId,
                "-uuid", vmId,
                "-object", "rng-random,id=rng0,filename=/dev/urandom",
                "-device", "virtio-rng-pci,rng=rng0"));
        argv.addAll(incoming ? List.of("-incoming", "defer") : List.of("-S"));
        // the devices the agent gives every VM without disks: four hot-plug ports, the SCSI controller and
        // an empty CD-ROM drive; the same devices on both sides keep QEMU's own migration comparable
        argv.addAll(List.of("-device", "pcie-root-port,id=hotplug0,chassis=1", "-device", "pcie-root-port,id=hotplug1,chassis=2",
                "-device", "pcie-root-port,id=hotplug2,chassis=3", "-device", "pcie-root-port,id=hotplug3,chassis=4",
                "-device", "virtio-scsi-pci,id=scsi0", "-device", "ide-cd,id=cdrom0,bus=ide.2"));
        argv.addAll(List.of("-kernel", guest.kernel().toString(), "-initrd", guest.initrd().toString(), "-append", guest.cmdline()));
        return argv;
    }
}
