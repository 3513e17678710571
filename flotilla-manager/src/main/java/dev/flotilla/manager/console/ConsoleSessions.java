package dev.flotilla.manager.console;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.events.Severity;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmCommands;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmScreenshots;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The open console sessions: at most one per VM (oVirt's behaviour: a new session takes over and
 * the earlier viewer is told by whom), each waiting for its host's console stream for a bounded
 * time. Every open, takeover and close is an event in the name of the ticket's user.
 */
@Component
public class ConsoleSessions {

    /** What the API shows of a session: who is looking at a VM's screen, from where, since when. */
    public record View(String sessionId, UUID vmId, String user, String address, Instant openedAt) {
    }

    private final VmCommands commands;
    private final VmRepository vms;
    private final EventLog events;
    private final Duration attachTimeout;
    private final Clock clock;
    private final Map<String, ConsoleSession> byId = new ConcurrentHashMap<>();
    private final Map<UUID, ConsoleSession> byVm = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-timeouts");
        t.setDaemon(true);
        return t;
    });

    @Autowired
    ConsoleSessions(VmCommands commands, VmRepository vms, EventLog events, MeterRegistry metrics,
                    @Value("${flotilla.console.attach-timeout:PT20S}") Duration attachTimeout) {
        this(commands, vms, events, attachTimeout, Clock.systemUTC());
        Gauge.builder("flotilla.console.sessions", byId, Map::size)
                .description("Open VM console sessions").register(metrics);
    }

    ConsoleSessions(VmCommands commands, VmRepository vms, EventLog events, Duration attachTimeout, Clock clock) {
        this.commands = commands;
        this.vms = vms;
        this.events = events;
        this.attachTimeout = attachTimeout;
        this.clock = clock;
    }

    /**
     * Opens a session for a redeemed ticket: closes the VM's earlier session (takeover), asks the
     * VM's host for a console stream and gives up if none arrives in time. Returns empty, with the
     * viewer closed and told why, when the VM has no screen now.
     */
    Optional<ConsoleSession> open(ConsoleTicket ticket, Viewer viewer) {
        Optional<Vm> found = vms.find(ticket.vmId());
        if (found.isEmpty() || !VmScreenshots.hasScreen(found.get().status()) || found.get().hostId() == null) {
            viewer.close(ConsoleSession.NO_SCREEN, found.map(vm -> "VM " + vm.name() + " is " + vm.status() + ": it has no screen")
                    .orElse("The VM was deleted"));
            return Optional.empty();
        }
        Vm vm = found.get();
        ConsoleSession session = new ConsoleSession(ticket, vm.hostId(), viewer, clock.instant(), this::ended);
        byId.put(session.id(), session);
        ConsoleSession previous = byVm.put(vm.id(), session);
        String who = ticket.user() + " from " + viewer.address();
        if (previous != null) {
            previous.end(ConsoleSession.TAKEN_OVER, "Taken over by " + who, "taken over by " + who);
        }
        events.record(Severity.INFO, ObjectRef.vm(vm.id(), vm.name()), "Console of VM %s opened by %s%s".formatted(vm.name(), who,
                previous == null ? "" : " (it took over the session of %s from %s)".formatted(previous.ticket().user(), previous.viewer().address())),
                ticket.user());
        commands.openConsole(vm.hostId(), vm.id(), session.id())
                .orTimeout(attachTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((outcome, error) -> {
                    String why = error != null ? describe(error) : outcome.ok() ? null : outcome.message();
                    if (why != null) {
                        session.end(ConsoleSession.HOST_FAILED, "The host could not open the console: " + why, "the host could not open it: " + why);
                    }
                });
        timer.schedule(() -> {
            if (!session.attached()) {
                session.end(ConsoleSession.HOST_FAILED, "The host did not open the console within " + attachTimeout.toSeconds() + " s",
                        "the host did not open it within " + attachTimeout.toSeconds() + " s");
            }
        }, attachTimeout.toMillis(), TimeUnit.MILLISECONDS);
        return Optional.of(session);
    }

    /**
     * Joins a host's console stream to its session. Empty when no such session waits for a stream
     * from this host (it ended, timed out, or belongs to another host).
     */
    public Optional<ConsoleEndpoint> attachAgent(String sessionId, UUID hostId, AgentPipe pipe) {
        ConsoleSession session = sessionId == null ? null : byId.get(sessionId);
        if (session == null || !session.hostId().equals(hostId) || !session.attach(pipe)) {
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** The VM's open session, if any. */
    public Optional<View> current(UUID vmId) {
        return Optional.ofNullable(byVm.get(vmId)).map(ConsoleSessions::view);
    }

    public List<View> all() {
        return byId.values().stream().map(ConsoleSessions::view).toList();
    }

    @PreDestroy
    void stop() {
        List.copyOf(byId.values()).forEach(s -> s.end(ConsoleSession.MANAGER_STOPPING, "The manager is stopping", "the manager stopped"));
        timer.shutdownNow();
    }

    private void ended(ConsoleSession session, String why) {
        byId.remove(session.id(), session);
        byVm.remove(session.ticket().vmId(), session);
        long seconds = Duration.between(session.openedAt(), clock.instant()).toSeconds();
        ConsoleTicket t = session.ticket();
        events.record(Severity.INFO, ObjectRef.vm(t.vmId(), t.vmName()), "Console of VM %s closed (%s) after %d s; it was opened by %s from %s"
                .formatted(t.vmName(), why, seconds, t.user(), session.viewer().address()), t.user());
    }

    private static View view(ConsoleSession s) {
        return new View(s.id(), s.ticket().vmId(), s.ticket().user(), s.viewer().address(), s.openedAt());
    }

    private static String describe(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof java.util.concurrent.TimeoutException ? "no answer in time" : cause.getMessage();
    }
}
