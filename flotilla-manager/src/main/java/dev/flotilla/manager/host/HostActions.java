package dev.flotilla.manager.host;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.events.ObjectRef;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** What an admin does to a host: approve a registration, put into / take out of maintenance, delete. */
@Component
class HostActions {

    final Approve approve;
    final Maintenance maintenance;
    final Activate activate;
    final Delete delete;

    HostActions(HostRepository hosts, HostMonitor monitor, HostPresence presence) {
        this.approve = new Approve(hosts, monitor);
        this.maintenance = new Maintenance(hosts, monitor);
        this.activate = new Activate(hosts, monitor, presence);
        this.delete = new Delete(hosts, presence);
    }

    static ObjectRef ref(HostRepository hosts, UUID id) {
        Host h = hosts.get(id);
        return ObjectRef.host(h.id(), h.name());
    }

    static void requireStatus(Host h, Set<HostStatus> allowed, String action) {
        if (!allowed.contains(h.status())) {
            throw new ConflictException("cannot %s host %s while it is %s (allowed in: %s)".formatted(action, h.name(), h.status(), allowed));
        }
    }

    record Approve(HostRepository hosts, HostMonitor monitor) implements Action<UUID, Host> {
        public ObjectRef target(UUID id) {
            return ref(hosts, id);
        }

        public Host execute(UUID id) {
            Host h = hosts.get(id);
            requireStatus(h, EnumSet.of(HostStatus.PendingApproval), "approve");
            monitor.move(h, HostStatus.Installing, "approved; the agent receives its certificate at its next enrollment attempt");
            return hosts.get(id);
        }

        public Audit audit(UUID id, Host h) {
            return new Audit(ObjectRef.host(h.id(), h.name()), "Host %s was approved".formatted(h.name()));
        }
    }

    record Maintenance(HostRepository hosts, HostMonitor monitor) implements Action<UUID, Host> {
        public ObjectRef target(UUID id) {
            return ref(hosts, id);
        }

        public Host execute(UUID id) {
            Host h = hosts.get(id);
            requireStatus(h, EnumSet.of(HostStatus.Up, HostStatus.Connecting, HostStatus.NonResponsive, HostStatus.NonOperational,
                    HostStatus.Initializing, HostStatus.Installing, HostStatus.Down), "put into maintenance");
            List<String> vms = hosts.vmNamesOn(id);
            if (!vms.isEmpty() && h.status() == HostStatus.Up) {
                // The evacuation (migration package) moves them away, then puts the host into Maintenance.
                monitor.move(h, HostStatus.PreparingForMaintenance, "migrating %d VM(s) away".formatted(vms.size()));
                return hosts.get(id);
            }
            if (!vms.isEmpty()) {
                throw new ConflictException("host %s is %s and still runs %d VM(s): VMs migrate only from an Up host; stop them first"
                        .formatted(h.name(), h.status(), vms.size()), vms);
            }
            monitor.move(h, HostStatus.Maintenance, "put into maintenance");
            return hosts.get(id);
        }

        public Audit audit(UUID id, Host h) {
            return new Audit(ObjectRef.host(h.id(), h.name()), h.status() == HostStatus.PreparingForMaintenance
                    ? "Host %s is preparing for maintenance: its VMs migrate away".formatted(h.name())
                    : "Host %s was put into maintenance".formatted(h.name()));
        }
    }

    record Activate(HostRepository hosts, HostMonitor monitor, HostPresence presence) implements Action<UUID, Host> {
        public ObjectRef target(UUID id) {
            return ref(hosts, id);
        }

        public Host execute(UUID id) {
            Host h = hosts.get(id);
            requireStatus(h, EnumSet.of(HostStatus.Maintenance, HostStatus.PreparingForMaintenance), "activate");
            if (presence.isConnected(id)) {
                Host init = monitor.move(h, HostStatus.Initializing, "activated");
                if (init != null) {
                    monitor.move(init, HostStatus.Up, "");
                }
            } else {
                monitor.move(h, HostStatus.Connecting, "activated; waiting for the agent to connect");
            }
            return hosts.get(id);
        }

        public Audit audit(UUID id, Host h) {
            return new Audit(ObjectRef.host(h.id(), h.name()), "Host %s was activated".formatted(h.name()));
        }
    }

    record Delete(HostRepository hosts, HostPresence presence) implements Action<UUID, Host> {
        public ObjectRef target(UUID id) {
            return ref(hosts, id);
        }

        public Host execute(UUID id) {
            Host h = hosts.get(id);
            requireStatus(h, EnumSet.of(HostStatus.Maintenance, HostStatus.PendingApproval, HostStatus.InstallFailed), "delete");
            hosts.delete(id);
            presence.forget(id);
            return h;
        }

        public Audit audit(UUID id, Host h) {
            return new Audit(ObjectRef.host(h.id(), h.name()), "Host %s was deleted".formatted(h.name()));
        }
    }
}
