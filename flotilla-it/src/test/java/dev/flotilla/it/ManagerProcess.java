package dev.flotilla.it;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The manager jar in a process of its own, with its embedded PostgreSQL in {@code dataDir} and
 * short timers, so host and VM state changes show within seconds. Starting it again on the same
 * directory and ports is a manager restart.
 */
final class ManagerProcess {

    static final String ADMIN = "admin@internal";

    private final Path dataDir;
    private final int httpPort;
    private final int agentPort;
    private final String password;
    private final Path log;
    private final JavaProcess process;
    private final Map<String, String> settings;

    private ManagerProcess(Path dataDir, int httpPort, int agentPort, String password, Path log) {
        this(dataDir, httpPort, agentPort, password, log, Map.of());
    }

    /** {@code settings} (property name to value) replace the defaults below or add to them. */
    private ManagerProcess(Path dataDir, int httpPort, int agentPort, String password, Path log, Map<String, String> settings) {
        this.settings = settings;
        this.dataDir = dataDir;
        this.httpPort = httpPort;
        this.agentPort = agentPort;
        this.password = password;
        this.log = log;
        Map<String, String> args = new java.util.LinkedHashMap<>(Map.of(
                "flotilla.agentlink.port", Integer.toString(agentPort),
                "flotilla.agentlink.heartbeat-interval", "PT2S",
                "flotilla.vm.powering-up-delay", "PT2S",
                "flotilla.hosts.connecting-after", "PT6S",
                "flotilla.hosts.non-responsive-after", "PT20S"));
        args.putAll(settings); // one value per name: Spring reads a repeated option as a list
        this.process = JavaProcess.start("manager", Repo.managerJar(),
                args.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList(),
                Map.of("FLOTILLA_DATA_DIR", dataDir.toString(),
                        "FLOTILLA_HTTP_PORT", Integer.toString(httpPort),
                        "FLOTILLA_ADMIN_PASSWORD", password),
                log);
    }

    static ManagerProcess start(Path dataDir, int httpPort, int agentPort, String password, Path log) {
        return new ManagerProcess(dataDir, httpPort, agentPort, password, log);
    }

    static ManagerProcess start(Path dataDir, int httpPort, int agentPort, String password, Path log, Map<String, String> settings) {
        return new ManagerProcess(dataDir, httpPort, agentPort, password, log, settings);
    }

    /** The same data directory and ports: what a restart after an upgrade or a reboot looks like. */
    ManagerProcess startAgain() {
        return new ManagerProcess(dataDir, httpPort, agentPort, password, log, settings);
    }

    int httpPort() {
        return httpPort;
    }

    int agentPort() {
        return agentPort;
    }

    Api api() {
        return new Api(URI.create("http://127.0.0.1:" + httpPort + "/"), ADMIN, password);
    }

    /** Health UP (the first start runs initdb); a manager that exits meanwhile fails at once with its log. */
    void awaitHealthy() {
        Api api = api();
        Await.until("the manager's /actuator/health to be UP", Duration.ofMinutes(3), () -> {
            if (!process.alive()) {
                throw new AssertionError("the manager exited while starting\n" + process.logTail(60));
            }
            // 503 DOWN until the start-up runners are done: keep polling
            return api.send("GET", "actuator/health", null).body().path("status").asText();
        }, "UP"::equals, () -> logTail(40));
        // Health is UP with the web server, a moment before the start-up runner has set the admin password.
        Await.until("the API to accept " + ADMIN, Duration.ofSeconds(30), () -> api.send("GET", "api/v1/hosts", null),
                r -> r.status() == 200, () -> logTail(40));
    }

    /** SIGTERM: the manager stops its database cleanly on the way out. */
    void stop() {
        process.stop();
    }

    String logTail(int lines) {
        return process.logTail(lines);
    }
}
