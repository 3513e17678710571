package dev.flotilla.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The manager as a separate process from its exec jar, with a fresh data directory (so a fresh
 * embedded PostgreSQL) and free ports, its output in {@code manager.log} beside the data. A
 * separate process so that its CPU and memory can be read from /proc without the fleet's.
 */
final class ManagerProcess implements AutoCloseable {

    static final String ADMIN_PASSWORD = "bench-admin-password";

    private final Process process;
    private final int httpPort;
    private final int agentPort;
    private final Path log;
    private final Path data;
    private final long startedNanos = System.nanoTime();

    private ManagerProcess(Process process, int httpPort, int agentPort, Path log, Path data) {
        this.process = process;
        this.data = data;
        this.httpPort = httpPort;
        this.agentPort = agentPort;
        this.log = log;
    }

    /** Starts the manager; {@code springArgs} are extra {@code --flotilla.x=y} settings. */
    static ManagerProcess start(Path jar, Path workDir, String heap, List<String> springArgs) throws IOException {
        Path data = workDir.resolve("manager-data");
        Files.createDirectories(data);
        int http = freePort();
        int agent = freePort();
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx" + heap, "-Xms" + heap, "-jar", jar.toString()));
        cmd.addAll(springArgs);
        Path log = workDir.resolve("manager.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("FLOTILLA_DATA_DIR", data.toString());
        pb.environment().put("FLOTILLA_HTTP_PORT", Integer.toString(http));
        pb.environment().put("FLOTILLA_AGENT_PORT", Integer.toString(agent));
        pb.environment().put("FLOTILLA_ADMIN_PASSWORD", ADMIN_PASSWORD);
        System.err.println("manager: " + String.join(" ", cmd) + "  (log " + log + ")");
        return new ManagerProcess(pb.start(), http, agent, log, data);
    }

    /** Waits for /actuator/health to answer UP; returns the seconds since start. */
    double awaitHealthy(Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the manager exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("UP")) {
                    return (System.nanoTime() - startedNanos) / 1e9;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the manager was not healthy after " + timeout + "; see " + log);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    int agentPort() {
        return agentPort;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** Where the embedded PostgreSQL writes its postmaster's pid. */
    Path postmasterPidFile() {
        return data.resolve("postgres").resolve("postmaster.pid");
    }

    /** SIGTERM, then SIGKILL if it has not gone after 20 s: never leave a manager behind. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        stopOrphanedDatabase();
    }

    /** A manager killed before its shutdown hook ran leaves its PostgreSQL behind (pg_ctl detached it). */
    private void stopOrphanedDatabase() {
        try {
            long pid = Long.parseLong(Files.readAllLines(postmasterPidFile()).get(0).trim());
            // the pid file outlives a clean stop; only a postmaster on this data directory is ours
            ProcessHandle.of(pid).filter(p -> p.info().commandLine().orElse("").contains(data.toString()))
                    .ifPresent(ProcessHandle::destroy);
        } catch (IOException | RuntimeException e) {
            // no pid file: the database stopped cleanly
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
