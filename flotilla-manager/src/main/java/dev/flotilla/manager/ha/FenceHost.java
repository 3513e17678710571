package dev.flotilla.manager.ha;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.fencing.Fencer;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.host.HostStatus;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * An admin's fence request, checked and audited before anything reaches a BMC: the action must be
 * known, the host must have power management (except {@code manual}), a host that runs VMs is not
 * powered off under them, and {@code manual} (the admin confirms the host is off) only applies to
 * a NonResponsive host. The call itself runs after this, outside the transaction.
 */
@Component
class FenceHost implements Action<FenceHost.Input, Host> {

    record Input(UUID hostId, String action) {
    }

    static final List<String> ACTIONS = List.of("status", "on", "off", "restart", "manual");
    private static final Set<HostStatus> RUNNING = EnumSet.of(HostStatus.Up, HostStatus.Initializing, HostStatus.PreparingForMaintenance);

    private final HostRepository hosts;
    private final Fencer fencer;

    FenceHost(HostRepository hosts, Fencer fencer) {
        this.hosts = hosts;
        this.fencer = fencer;
    }

    public ObjectRef target(Input in) {
        Host h = hosts.get(in.hostId());
        return ObjectRef.host(h.id(), h.name());
    }

    public Host execute(Input in) {
        Host h = hosts.get(in.hostId());
        if (in.action() == null || !ACTIONS.contains(in.action())) {
            throw BadRequestException.field("action", "must be one of " + ACTIONS);
        }
        if (in.action().equals("manual")) {
            if (h.status() != HostStatus.NonResponsive) {
                throw new ConflictException("host %s is %s: an admin confirms only a NonResponsive host is off".formatted(h.name(), h.status()));
            }
            return h;
        }
        if (!fencer.hasPowerManagement(h)) {
            throw new ConflictException("host %s has no power management; set it first (PUT /api/v1/hosts/%s/powermanagement)"
                    .formatted(h.name(), h.id()));
        }
        if ((in.action().equals("off") || in.action().equals("restart")) && RUNNING.contains(h.status()) && !hosts.vmNamesOn(h.id()).isEmpty()) {
            throw new ConflictException("host %s is %s and runs VMs: put it into maintenance first".formatted(h.name(), h.status()),
                    hosts.vmNamesOn(h.id()));
        }
        return h;
    }

    public Audit audit(Input in, Host h) {
        return new Audit(ObjectRef.host(h.id(), h.name()), in.action().equals("manual")
                ? "An admin confirmed that host %s is off or was rebooted".formatted(h.name())
                : "Fence %s of host %s was requested".formatted(in.action(), h.name()));
    }
}
