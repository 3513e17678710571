package dev.flotilla.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A manager and one agent, enrolled and Up, in a work directory of their own: how the storage ITs
 * (snapshots, image transfers, storage domains) each begin. Named after the test: work directory
 * {@code flotilla-it-NAME}, host {@code it-NAME-host}, logs {@code target/it-logs/NAME-manager.log}
 * and {@code NAME-agent.log}. If any part fails to come up, what was started is stopped again.
 */
record OneHostFleet(Path work, Path logs, ManagerProcess manager, Api api, AgentProcess agent, String hostId) {

    private static final Duration HOST_UP = Duration.ofMinutes(2);

    /** @param portRange the agent's migration port range, apart from other ITs' that may run beside it */
    static OneHostFleet start(String name, String password, String portRange) throws IOException {
        Path work = Files.createTempDirectory("flotilla-it-" + name);
        Path logs = Path.of("target", "it-logs").toAbsolutePath();
        int[] ports = Machine.freePorts(2);
        ManagerProcess manager = null;
        AgentProcess agent = null;
        try {
            manager = ManagerProcess.start(work.resolve("manager"), ports[0], ports[1], password, logs.resolve(name + "-manager.log"));
            manager.awaitHealthy();
            Api api = manager.api();
            String token = api.post("api/v1/hosts/enrollment-tokens", Map.of("ttlMinutes", 60), 201).path("token").asText();
            String hostName = "it-" + name + "-host";
            agent = AgentProcess.enroll(hostName, work.resolve("agent"), manager.agentPort(), portRange, logs.resolve(name + "-agent.log"), token);
            ManagerProcess m = manager;
            AgentProcess a = agent;
            String hostId = Await.until("the host to be Up", HOST_UP, () -> api.get("api/v1/hosts?name=" + hostName).path("items").path(0),
                    h -> "Up".equals(h.path("status").asText()), () -> m.logTail(40) + "\n" + a.logTail(40)).path("id").asText();
            return new OneHostFleet(work, logs, manager, api, agent, hostId);
        } catch (RuntimeException | Error e) {
            Machine.stopFleet(agent == null ? List.of() : List.of(agent), manager, work);
            throw e;
        }
    }
}
