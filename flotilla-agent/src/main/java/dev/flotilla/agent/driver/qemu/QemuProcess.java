package dev.flotilla.agent.driver.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Starting, recognising and killing QEMU processes. */
final class QemuProcess {

    private QemuProcess() {}

    /**
     * Starts QEMU in a session of its own (setsid), so it is neither killed with the agent's
     * process group nor tied to the agent's life; stdout and stderr are appended to qemu.log so
     * QEMU's own messages survive. Returns at once; the caller waits for the QMP socket.
     */
    static Process launch(List<String> argv, VmFiles files) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("setsid");
        command.addAll(argv);
        Files.createDirectories(files.dir());
        return new ProcessBuilder(command)
                .directory(files.dir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(files.qemuLog().toFile()))
                .start();
    }

    /**
     * Whether {@code pid} is a live QEMU of this VM. The id check guards against pid reuse after
     * the VM died; a zombie has an empty cmdline and counts as dead.
     */
    static boolean isAlive(long pid, UUID vmId) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(cmdline, StandardCharsets.UTF_8).contains(vmId.toString());
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL, for a QEMU that no longer answers on QMP. */
    static void kill(long pid, UUID vmId) {
        if (isAlive(pid, vmId)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** The first line of {@code <binary> --version}, or an IOException saying why it could not be run. */
    /** SIGKILL, then up to {@code wait} for the process to be gone; true once it is. */
    static boolean killAndAwait(long pid, UUID vmId, java.time.Duration wait) {
        kill(pid, vmId);
        long deadline = System.nanoTime() + wait.toNanos();
        while (isAlive(pid, vmId)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            EventWaits.sleep(10);
        }
        return true;
    }

    static String versionLine(String qemuBinary) throws IOException {
        Process p = new ProcessBuilder(qemuBinary, "--version").redirectErrorStream(true).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(qemuBinary + " --version did not answer within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0 || out.isEmpty()) {
            throw new IOException(qemuBinary + " --version failed: " + out);
        }
        return out.lines().findFirst().orElse("");
    }
}
