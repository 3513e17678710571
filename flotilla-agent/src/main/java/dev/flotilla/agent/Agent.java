package dev.flotilla.agent;

import dev.flotilla.agent.driver.HypervisorDriver;
import dev.flotilla.agent.driver.VmState;
import dev.flotilla.agent.driver.simulated.SimulatedDriver;
import dev.flotilla.agent.driver.simulated.SimulatedDriverConfig;
import dev.flotilla.agent.fingerprint.HostFingerprint;
import dev.flotilla.agent.managerlink.AgentIdentity;
import dev.flotilla.agent.managerlink.EnrollmentClient;
import dev.flotilla.agent.managerlink.LinkFacts;
import dev.flotilla.agent.managerlink.ManagerLink;
import dev.flotilla.agent.stats.HostStatsSource;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * One host agent: enrolls if it has no identity yet, then keeps the link to the manager open and
 * lets the manager drive its hypervisor. {@link #close()} detaches; the VMs keep running.
 *
 * <p>Embedding (a scale run):
 * <pre>{@code
 * AgentRuntime runtime = AgentRuntime.create(2, 4);
 * Agent agent = Agent.simulated(AgentConfig.withToken("sim-0001", dir, manager, token),
 *                               SimulatedDriverConfig.defaults(dir), runtime);
 * agent.start();            // returns at once; the future completes when enrolled
 * ...
 * agent.close(); runtime.close();
 * }</pre>
 */
public final class Agent implements AutoCloseable {

    public static final String VERSION = Optional.ofNullable(Agent.class.getPackage().getImplementationVersion()).orElse("0.1.0-SNAPSHOT");
    private static final Logger LOG = Logger.getLogger(Agent.class.getName());

    private final AgentConfig config;
    private final HypervisorDriver driver;
    private final HostStatsSource stats;
    private final HostFingerprint fingerprint;
    private final AgentRuntime runtime;
    private final Object lock = new Object();
    private EnrollmentClient enrollment;
    private ManagerLink link;
    private AgentIdentity identity;
    private boolean closed;

    /**
     * @param fingerprint the host as the manager should see it (a simulated host reports its own CPUs and memory)
     */
    public Agent(AgentConfig config, HypervisorDriver driver, HostStatsSource stats, HostFingerprint fingerprint, AgentRuntime runtime) {
        this.config = config;
        this.driver = driver;
        this.stats = stats;
        this.fingerprint = fingerprint;
        this.runtime = runtime;
    }

    /** An agent with a simulated hypervisor: named after the agent, with the simulated CPUs and memory. */
    public static Agent simulated(AgentConfig config, SimulatedDriverConfig simulated, AgentRuntime runtime) {
        SimulatedDriver driver = new SimulatedDriver(simulated, runtime.scheduler());
        HostFingerprint real = runtime.fingerprint();
        HostFingerprint pretended = new HostFingerprint(config.name(), real.cpuModel(), real.cpuFlags(),
                simulated.cpus(), simulated.memoryMiB(), real.os(), real.kernel());
        return new Agent(config, driver, driver, pretended, runtime);
    }

    /**
     * Starts without blocking: re-attaches to running VMs, enrolls if needed, then opens the link.
     * The future completes once the link is started (connected or retrying), or exceptionally with
     * an {@link dev.flotilla.agent.managerlink.EnrollmentException} when enrollment cannot succeed.
     */
    public CompletableFuture<Void> start() {
        return CompletableFuture.supplyAsync(this::prepare, runtime.callbacks())
                .thenCompose(facts -> identity(facts).thenAccept(id -> openLink(id, facts)));
    }

    private LinkFacts prepare() {
        List<VmState> recovered = driver.recover();
        if (!recovered.isEmpty()) {
            LOG.info(() -> "[" + config.name() + "] re-attached to " + recovered.size() + " running VM(s)");
        }
        String address = config.address() != null ? config.address() : localAddressTowards(config.manager().host(), config.manager().port());
        return new LinkFacts(fingerprint, driver.name(), driver.accel(), driver.version(), address,
                config.portRangeStart(), config.portRangeEnd());
    }

    private CompletableFuture<AgentIdentity> identity(LinkFacts facts) {
        Optional<AgentIdentity> stored = AgentIdentity.load(config.pkiDir());
        if (stored.isPresent()) {
            return CompletableFuture.completedFuture(stored.get());
        }
        EnrollmentClient client = new EnrollmentClient(new EnrollmentClient.Request(config.name(), config.manager(),
                config.token(), config.caSha256(), config.pkiDir(), ManagerLink.facts(facts)),
                runtime.channels(), runtime.scheduler(), runtime.callbacks());
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("agent closed"));
            }
            enrollment = client;
        }
        return client.enroll();
    }

    private void openLink(AgentIdentity id, LinkFacts facts) {
        ManagerLink l = new ManagerLink(new ManagerLink.Settings(config.name(), VERSION, config.manager(), id),
                driver, stats, facts, runtime.channels(), runtime.scheduler(), runtime.driverCalls());
        synchronized (lock) {
            if (closed) {
                l.close();
                return;
            }
            identity = id;
            link = l;
        }
        l.start();
    }

    public boolean isConnected() {
        synchronized (lock) {
            return link != null && link.isConnected();
        }
    }

    /** The host id the manager gave this agent, once enrolled. */
    public Optional<String> hostId() {
        synchronized (lock) {
            return Optional.ofNullable(identity).map(AgentIdentity::hostId);
        }
    }

    public AgentConfig config() {
        return config;
    }

    public HypervisorDriver driver() {
        return driver;
    }

    /** Closes the link and detaches from the driver; VMs keep running. Does not close the shared runtime. */
    @Override
    public void close() {
        EnrollmentClient e;
        ManagerLink l;
        synchronized (lock) {
            closed = true;
            e = enrollment;
            l = link;
        }
        if (e != null) {
            e.cancel();
        }
        if (l != null) {
            l.close();
        }
        driver.close();
    }

    /**
     * The address of this host's end of a route to the manager: a UDP "connect" only asks the
     * kernel for a route, nothing is sent. 127.0.0.1 when there is no route.
     */
    static String localAddressTowards(String host, int port) {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(host, port));
            var local = socket.getLocalAddress();
            return local == null || local.isAnyLocalAddress() ? "127.0.0.1" : local.getHostAddress();
        } catch (IOException | RuntimeException e) {
            return "127.0.0.1";
        }
    }
}
