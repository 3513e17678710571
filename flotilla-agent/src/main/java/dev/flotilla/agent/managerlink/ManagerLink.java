package dev.flotilla.agent.managerlink;

import dev.flotilla.agent.driver.HypervisorDriver;
import dev.flotilla.agent.stats.HostStatsSource;
import dev.flotilla.protocol.v1.AgentLinkGrpc;
import dev.flotilla.protocol.v1.AgentMessage;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.Heartbeat;
import dev.flotilla.protocol.v1.Hello;
import dev.flotilla.protocol.v1.HostFacts;
import dev.flotilla.protocol.v1.ManagerMessage;
import dev.flotilla.protocol.v1.Welcome;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent's one stream to the manager, kept open: Hello, then heartbeats at the interval the
 * Welcome names, VM events as the driver reports them, command results as commands finish. When
 * the stream breaks it opens a new one after a backoff; it logs a problem when it starts or
 * changes, not on every attempt.
 */
public final class ManagerLink implements AutoCloseable {

    public static final int PROTOCOL_VERSION = 1;
    static final int DEFAULT_HEARTBEAT_MS = 3000;
    private static final Logger LOG = Logger.getLogger(ManagerLink.class.getName());

    /** Who this agent is and what it reports. */
    public record Settings(String agentName, String agentVersion, ManagerAddress manager, AgentIdentity identity) {
    }

    private final Settings settings;
    private final HypervisorDriver driver;
    private final HostStatsSource stats;
    private final HostFacts facts;
    private final ScheduledExecutorService scheduler;
    private final CommandRunner commands;
    private final ManagedChannel channel;
    private final ConsoleTunnels consoles;
    private final Backoff backoff = Backoff.standard();
    private final SelfFence fence;
    private final dev.flotilla.agent.domainmonitor.DomainMonitor domains;
    private final Object lock = new Object();
    private Session session;
    private String lastProblem;
    private boolean closed;

    public ManagerLink(Settings settings, HypervisorDriver driver, HostStatsSource stats, LinkFacts facts,
                       ManagerChannels channels, ScheduledExecutorService scheduler, Executor commandExecutor) {
        this.settings = settings;
        this.driver = driver;
        this.stats = stats;
        this.facts = Wire.facts(facts);
        this.scheduler = scheduler;
        AgentIdentity id = settings.identity();
        try {
            this.channel = channels.open(settings.manager(), TlsChannelCredentials.newBuilder()
                    .keyManager(id.certificateFile().toFile(), id.keyFile().toFile())
                    .trustManager(id.caFile().toFile())
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the agent's certificate from " + id.dir(), e);
        }
        this.consoles = new ConsoleTunnels(driver, channel);
        var probe = new dev.flotilla.agent.storage.StorageProbe();
        this.commands = new CommandRunner(driver, consoles,
                new StorageCommands(probe, new dev.flotilla.agent.storage.VolumeStore(), new dev.flotilla.agent.storage.VolumeChains()),
                new ImageTransfers(new dev.flotilla.agent.storage.ImageStaging(id.dir().toAbsolutePath().resolveSibling("transfers")), probe, channel),
                this::send, commandExecutor);
        driver.addListener(change -> send(AgentMessage.newBuilder().setVmEvent(Wire.event(change)).build()));
        this.fence = new SelfFence(driver, id.dir().resolveSibling("ha-lease"), System::nanoTime, settings.agentName());
        // at the check interval the manager's terms name; the kills start a check interval plus a kill budget before the lease ends
        fence.start(scheduler, this::isClosed);
        this.domains = new dev.flotilla.agent.domainmonitor.DomainMonitor(
                dev.flotilla.agent.domainmonitor.DomainCheck.probe(), scheduler, System::nanoTime);
    }

    /** The facts in their wire form, as Hello and EnrollRequest carry them. */
    public static HostFacts facts(LinkFacts facts) {
        return Wire.facts(facts);
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    public void start() {
        connect();
    }

    /** True while a stream is open and the manager has welcomed this agent. */
    public boolean isConnected() {
        synchronized (lock) {
            return session != null && session.welcomed && !session.ended;
        }
    }

    @Override
    public void close() {
        Session s;
        synchronized (lock) {
            closed = true;
            s = session;
        }
        if (s != null) {
            s.end(null);
        }
        consoles.close();
        domains.close();
        channel.shutdownNow();
    }

    private void connect() {
        Session s;
        synchronized (lock) {
            if (closed) {
                return;
            }
            s = new Session();
            session = s;
        }
        channel.resetConnectBackoff(); // the channel's own backoff (up to 2 minutes) must not outlast ours
        s.open();
    }

    /** Sends on the current stream once the manager welcomed it; dropped otherwise (the next Hello reports everything). */
    private void send(AgentMessage message) {
        Session s;
        synchronized (lock) {
            s = session;
        }
        if (s != null && s.welcomed) {
            s.send(message);
        }
    }

    private void ended(Session s, Status status) {
        Duration delay;
        String problem;
        boolean unknownHost = status.getCode() == Status.Code.UNAUTHENTICATED || status.getCode() == Status.Code.PERMISSION_DENIED;
        synchronized (lock) {
            if (closed || session != s) {
                return;
            }
            delay = unknownHost ? backoff.atMax() : backoff.next();
            problem = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
            if (problem.equals(lastProblem)) {
                problem = null;
            } else {
                lastProblem = problem;
            }
        }
        String name = settings.agentName();
        if (problem == null) {
            LOG.fine(() -> "[" + name + "] reconnecting in " + delay.toMillis() + " ms");
        } else if (unknownHost) {
            LOG.severe("[" + name + "] the manager at " + settings.manager() + " no longer accepts this host (id "
                    + settings.identity().hostId() + "): " + problem + ". If the host was removed, delete "
                    + settings.identity().dir() + " and enroll again; retrying every " + backoff.max().toSeconds() + " s");
        } else {
            LOG.warning("[" + name + "] link to the manager at " + settings.manager() + " is down (" + problem
                    + "); reconnecting with backoff from 1 s up to " + backoff.max().toSeconds() + " s");
        }
        scheduler.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void welcomed(Welcome welcome) {
        synchronized (lock) {
            backoff.reset();
            lastProblem = null;
        }
        int interval = welcome.getHeartbeatIntervalMs() > 0 ? welcome.getHeartbeatIntervalMs() : DEFAULT_HEARTBEAT_MS;
        LOG.info(() -> "[" + settings.agentName() + "] connected to the manager at " + settings.manager() + " as host "
                + welcome.getHostId() + "; heartbeat every " + interval + " ms");
    }

    /** One attempt: one gRPC call. Its callbacks are ignored once a newer session replaced it. */
    private final class Session implements StreamObserver<ManagerMessage> {
        private StreamObserver<AgentMessage> out;
        private ScheduledFuture<?> heartbeats;
        private long sequence;
        /** When each recent heartbeat (0: the Hello) left, so a renewal counts from its send time. */
        private final java.util.Map<Long, Long> sentAt = new java.util.LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<Long, Long> eldest) {
                return size() > 64;
            }
        };
        volatile boolean welcomed;
        volatile boolean ended;

        void open() {
            try {
                StreamObserver<AgentMessage> o = AgentLinkGrpc.newStub(channel).connect(this);
                synchronized (this) {
                    out = o;
                    sentAt.put(0L, System.nanoTime());
                }
                send(AgentMessage.newBuilder().setHello(Hello.newBuilder()
                        .setProtocolVersion(PROTOCOL_VERSION)
                        .setAgentVersion(settings.agentVersion())
                        .setFacts(facts)
                        .addAllVms(driver.vms().stream().map(Wire::report).toList())).build());
            } catch (RuntimeException e) {
                end(Status.fromThrowable(e));
            }
        }

        @Override
        public void onNext(ManagerMessage message) {
            switch (message.getBodyCase()) {
                case WELCOME -> {
                    int interval = message.getWelcome().getHeartbeatIntervalMs() > 0
                            ? message.getWelcome().getHeartbeatIntervalMs() : DEFAULT_HEARTBEAT_MS;
                    synchronized (this) {
                        if (ended || welcomed) {
                            return;
                        }
                        welcomed = true;
                        heartbeats = scheduler.scheduleAtFixedRate(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
                    }
                    welcomed(message.getWelcome());
                }
                case COMMAND -> command(message.getCommand());
                default -> LOG.fine(() -> "ignoring a manager message of kind " + message.getBodyCase());
            }
        }

        private void command(dev.flotilla.protocol.v1.Command command) {
            switch (command.getActionCase()) {
                case LEASE_RENEWAL -> {
                    var renewal = command.getLeaseRenewal();
                    Long sent;
                    synchronized (this) {
                        sent = sentAt.get(renewal.getSequence());
                    }
                    if (sent != null) {
                        fence.renewed(sent, new SelfFence.Terms(renewal.getLeaseMs(), renewal.getCheckIntervalMs(), renewal.getKillBudgetMs()),
                                renewal.getHaVmIdsList());
                    }
                    return; // a renewal has no answer
                }
                case WATCH_DOMAINS -> {
                    domains.watch(DomainWire.domains(command.getWatchDomains()), DomainWire.settings(command.getWatchDomains()));
                    return; // nor has the list of domains to watch
                }
                case START_VM -> fence.started(command.getStartVm().getSpec().getVmId(), command.getStartVm().getSpec().getHighlyAvailable());
                case PREPARE_INCOMING -> fence.started(command.getPrepareIncoming().getSpec().getVmId(),
                        command.getPrepareIncoming().getSpec().getHighlyAvailable());
                default -> { }
            }
            commands.submit(command, this::reply);
        }

        @Override
        public void onError(Throwable t) {
            end(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            end(Status.UNAVAILABLE.withDescription("the manager closed the stream"));
        }

        /** A result goes on whichever stream is open when the command finishes: the manager matches it by id. */
        private void reply(CommandResult result) {
            ManagerLink.this.send(AgentMessage.newBuilder().setResult(result).build());
        }

        private void heartbeat() {
            try {
                Heartbeat.Builder beat = Heartbeat.newBuilder().setStats(Wire.stats(stats.sample()));
                List<dev.flotilla.agent.domainmonitor.DomainHealth> health = domains.health();
                Map<String, dev.flotilla.agent.storage.StorageConnection> watched = domains.watched();
                List<dev.flotilla.agent.driver.VmState> vms = driver.vms();
                Map<UUID, String> stalls = dev.flotilla.agent.domainmonitor.StorageStalls.stalled(vms, health, watched);
                vms.forEach(vm -> beat.addVms(Wire.report(vm, stalls.getOrDefault(vm.id(), ""), watched)));
                health.forEach(h -> beat.addDomains(DomainWire.health(h)));
                synchronized (this) {
                    beat.setSequence(++sequence);
                    sentAt.put(sequence, System.nanoTime());
                }
                send(AgentMessage.newBuilder().setHeartbeat(beat).build());
            } catch (RuntimeException e) {
                // a failing stats read must not cancel the periodic task: report the VMs without it next time
                LOG.log(Level.WARNING, "[" + settings.agentName() + "] heartbeat failed", e);
            }
        }

        /** StreamObserver is not thread-safe; heartbeats, events and results come from different threads. */
        synchronized void send(AgentMessage message) {
            if (ended || out == null) {
                return;
            }
            try {
                out.onNext(message);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "send failed; the stream is ending", e);
            }
        }

        /** Ends this attempt; status null means the agent closes and will not reconnect. */
        void end(Status status) {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                if (heartbeats != null) {
                    heartbeats.cancel(false);
                }
                if (out != null) {
                    try {
                        out.onError(Status.CANCELLED.withDescription(status == null ? "agent stopping" : "stream ended").asRuntimeException());
                    } catch (RuntimeException ignored) {
                        // the call is already closed
                    }
                }
            }
            if (status != null) {
                ended(this, status);
            }
        }
    }
}
