package dev.flotilla.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
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
            try (SocketChannel ch = connect(qmpSocket, qemu)) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
                in.readLine(); // greeting
                command(ch, in, "qmp_capabilities");
                if (argv.contains("-S")) {
                    command(ch, in, "cont");
                }
                String status = command(ch, in, "query-status");
                if (!status.contains("\"running\"")) {
                    throw new IllegalStateException("QEMU is not running after cont: " + status);
                }
            }
            return System.nanoTime() - t0;
        } finally {
            qemu.destroyForcibly();
            qemu.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static SocketChannel connect(Path socket, Process qemu) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            if (!qemu.isAlive()) {
                throw new IllegalStateException("QEMU exited with " + qemu.exitValue() + " before its QMP socket answered");
            }
            if (Files.exists(socket)) {
                try {
                    return SocketChannel.open(UnixDomainSocketAddress.of(socket));
                } catch (IOException e) {
                    // created but not listening yet
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no QMP socket at " + socket + " after 30 s");
            }
            Thread.sleep(1);
        }
    }

    /** Sends one command and returns its answer line, skipping asynchronous events. */
    private static String command(SocketChannel ch, BufferedReader in, String name) throws IOException {
        ch.write(ByteBuffer.wrap(("{\"execute\":\"" + name + "\"}\n").getBytes(StandardCharsets.UTF_8)));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.contains("\"return\"")) {
                return line;
            }
            if (line.contains("\"error\"")) {
                throw new IllegalStateException(name + ": " + line);
            }
        }
        throw new IOException("QMP closed while waiting for the answer to " + name);
    }
}
