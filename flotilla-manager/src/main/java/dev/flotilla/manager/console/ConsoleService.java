package dev.flotilla.manager.console;

import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmScreenshots;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Issues console tickets to signed-in callers, for VMs that have a screen now. Until roles exist
 * (the identity issue's ConnectToVm action group), every signed-in user may open every console;
 * the ticket is what the websocket checks, so that rule lives here alone.
 */
@Service
public class ConsoleService {

    /** Where noVNC connects; the ticket goes in its query. */
    public static final String WEBSOCKET_PATH = "/console/websocket";

    private final VmRepository vms;
    private final ConsoleSessions sessions;
    private final ConsoleTickets tickets;

    ConsoleService(VmRepository vms, ConsoleSessions sessions, @Value("${flotilla.console.ticket-ttl:PT30S}") Duration ticketTtl) {
        this.vms = vms;
        this.sessions = sessions;
        this.tickets = new ConsoleTickets(ticketTtl, Clock.systemUTC());
    }

    /**
     * @throws dev.flotilla.manager.api.NotFoundException no such VM
     * @throws ConflictException the VM has no screen now (not running or paused)
     */
    public ConsoleAccess issue(UUID vmId) {
        Vm vm = vms.get(vmId);
        if (!VmScreenshots.hasScreen(vm.status()) || vm.hostId() == null) {
            throw new ConflictException("VM %s is %s: only a running or paused VM has a console; start it first".formatted(vm.name(), vm.status()));
        }
        ConsoleTicket t = tickets.issue(vm.id(), vm.name(), EventLog.currentUser());
        return new ConsoleAccess(t.ticket(), t.sessionId(), vm.id(), vm.name(), t.expiresAt(),
                WEBSOCKET_PATH + "?ticket=" + URLEncoder.encode(t.ticket(), StandardCharsets.UTF_8),
                sessions.current(vm.id()).orElse(null));
    }

    /** The ticket, once, if it is known and has not expired. */
    Optional<ConsoleTicket> redeem(String ticket) {
        return tickets.redeem(ticket);
    }
}
