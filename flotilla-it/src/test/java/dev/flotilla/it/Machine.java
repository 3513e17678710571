package dev.flotilla.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the end-to-end tests need of this machine: QEMU present, free ports, temp trees removed. */
final class Machine {

    private Machine() {
    }

    /** The test needs real QEMU: without it, it fails (as CI must), it does not skip. */
    static void requireQemu() {
        try {
            Process p = new ProcessBuilder("qemu-system-x86_64", "--version").redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("qemu-system-x86_64 --version failed; install qemu-system-x86 (./flotilla test does)");
            }
        } catch (IOException e) {
            throw new AssertionError("qemu-system-x86_64 is not installed; install qemu-system-x86 (./flotilla test does)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Ports the kernel just handed out: free now, and very likely still free a moment later. */
    static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    /**
     * Ends a test fleet: its QEMUs first (they run detached from the agents and would outlive the
     * run), then the agents, the manager and the work directory. Any part may be missing: a start
     * that failed half-way still gets what it made taken down.
     */
    static void stopFleet(java.util.Collection<AgentProcess> agents, ManagerProcess manager, java.nio.file.Path work) {
        agents.forEach(AgentProcess::killQemus);
        agents.forEach(AgentProcess::stop);
        if (manager != null) {
            manager.stop();
        }
        if (work != null) {
            deleteTree(work);
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp dir is not worth failing the run for
        }
    }
}
