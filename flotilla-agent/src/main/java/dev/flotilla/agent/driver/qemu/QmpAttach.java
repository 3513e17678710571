package dev.flotilla.agent.driver.qemu;

import dev.flotilla.agent.driver.DriverException;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;

/** Waits for a QEMU just launched to open its QMP socket, and connects to it. */
final class QmpAttach {

    /** How to connect once the socket is there (the VM's own event and exit callbacks). */
    interface Connect {
        QmpClient connect() throws IOException;
    }

    private QmpAttach() {
    }

    /**
     * @param logOffset where this launch's lines begin in qemu.log (quoted when QEMU refuses to start)
     * @throws DriverException QEMU exited with an error, or did not open its socket within {@code timeout} (it is killed)
     */
    static QmpClient await(Process process, VmFiles files, String vmName, UUID vmId, long logOffset, Duration timeout, Connect connect)
            throws DriverException {
        long launchedAt = System.nanoTime();
        IOException lastError = null;
        while (true) {
            // setsid may fork and exit 0 when it cannot take over the session; only a failure counts.
            if (!process.isAlive() && process.exitValue() != 0) {
                files.removeRuntimeFiles();
                String message = files.qemuLogSince(logOffset);
                throw new DriverException(DriverException.Code.DRIVER_FAILURE, "QEMU refused to start " + vmName + ": "
                        + (message.isEmpty() ? "exit code " + process.exitValue() : message));
            }
            if (System.nanoTime() - launchedAt > timeout.toNanos()) {
                process.destroyForcibly();
                files.readPid().ifPresent(p -> QemuProcess.kill(p, vmId));
                files.removeRuntimeFiles();
                throw new DriverException(DriverException.Code.DRIVER_FAILURE, "QEMU for " + vmName + " did not open its QMP socket within "
                        + timeout.toSeconds() + " s" + (lastError == null ? "" : ": " + lastError.getMessage()));
            }
            if (Files.exists(files.qmpSocket())) {
                try {
                    return connect.connect();
                } catch (IOException e) {
                    lastError = e;
                }
            }
            // QEMU opens its socket 50-100 ms after exec here: a 1 ms poll (a stat) for the first
            // half second keeps starts and incoming migrations from waiting on the poll itself
            EventWaits.sleep(System.nanoTime() - launchedAt < 500_000_000L ? 1 : 5);
        }
    }
}
