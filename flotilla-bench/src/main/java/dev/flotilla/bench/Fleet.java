package dev.flotilla.bench;

import dev.flotilla.agent.Agent;
import dev.flotilla.agent.AgentConfig;
import dev.flotilla.agent.AgentRuntime;
import dev.flotilla.agent.driver.simulated.SimulatedDriverConfig;
import dev.flotilla.agent.managerlink.EnrollmentToken;
import dev.flotilla.agent.managerlink.ManagerAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * N simulated agents in this JVM on one shared {@link AgentRuntime}. The first {@code silentCount}
 * reach the manager through a {@link SilenceProxy} so they can later be made silent; the rest dial
 * the manager directly.
 */
final class Fleet implements AutoCloseable {

    /** How many enrollments run at once: each signs a certificate on the manager. */
    private static final int ENROLLING_AT_ONCE = 100;

    private final AgentRuntime runtime;
    private final List<Agent> agents = new ArrayList<>();
    private final SilenceProxy proxy;
    private final int silentCount;

    private Fleet(AgentRuntime runtime, SilenceProxy proxy, int silentCount) {
        this.runtime = runtime;
        this.proxy = proxy;
        this.silentCount = silentCount;
    }

    /** Starts every agent (enrollment included) and returns once all have started their link. */
    static Fleet start(List<String> tokens, int agentPort, int silentCount, Path dir, SimulatedDriverConfig host,
                       int ioThreads, int workerThreads) throws IOException, InterruptedException {
        Fleet fleet = new Fleet(AgentRuntime.create(ioThreads, workerThreads), new SilenceProxy(agentPort), silentCount);
        Semaphore window = new Semaphore(ENROLLING_AT_ONCE);
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Path state = dir.resolve("sim-%05d".formatted(i));
            Files.createDirectories(state);
            int port = i < silentCount ? fleet.proxy.port() : agentPort;
            AgentConfig config = AgentConfig.withToken("sim-%05d".formatted(i), state,
                    ManagerAddress.parse("127.0.0.1:" + port), EnrollmentToken.parse(tokens.get(i)));
            SimulatedDriverConfig sim = new SimulatedDriverConfig(host.cpus(), host.memoryMiB(), host.portRangeStart(),
                    host.portRangeEnd(), host.faults(), host.shutdownDelay(), state);
            Agent a = Agent.simulated(config, sim, fleet.runtime);
            fleet.agents.add(a);
            window.acquire();
            started.add(a.start().whenComplete((v, e) -> window.release()));
        }
        CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).join();
        return fleet;
    }

    List<Agent> agents() {
        return agents;
    }

    /** The agents behind the proxy. */
    List<Agent> silenceable() {
        return agents.subList(0, silentCount);
    }

    /** Agents from {@code from} on that are not behind the proxy, for the closed-stream case. */
    List<Agent> closable(int count) {
        return agents.subList(silentCount, Math.min(agents.size(), silentCount + count));
    }

    void silence() {
        proxy.silence();
    }

    @Override
    public void close() {
        agents.forEach(Agent::close);
        proxy.close();
        runtime.close();
    }
}
