package dev.flotilla.manager.vm;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.datacenter.Cluster;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.scheduling.Placement;
import dev.flotilla.manager.scheduling.Scheduler;
import dev.flotilla.manager.scheduling.SpareCapacity;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The database half of the power actions: check the state, choose a host (start), record the new
 * status. The command to the host is sent after this commits, by {@link VmDispatcher}.
 */
@Component
class VmPowerActions {

    final Start start;
    final StartPreferring startPreferring;
    final Transition shutdown;
    final Transition stop;
    final Transition reboot;
    final Transition pause;
    final Transition resume;

    VmPowerActions(VmRepository vms, ClusterRepository clusters, ClusterSnapshots snapshots, Scheduler scheduler, VmDemands demands,
                   JdbcClient jdbc, Clock clock, ObjectProvider<StartRequirement> requirements, ObjectProvider<SpareCapacity> spare) {
        this.start = new Start(vms, clusters, snapshots, scheduler, demands, jdbc, clock, requirements, spare);
        this.startPreferring = new StartPreferring(start);
        Set<VmStatus> running = EnumSet.of(VmStatus.Up, VmStatus.PoweringUp, VmStatus.Paused, VmStatus.PoweringDown,
                VmStatus.WaitForLaunch, VmStatus.NotResponding);
        this.shutdown = new Transition(vms, clock, "shut down", EnumSet.of(VmStatus.Up, VmStatus.PoweringUp, VmStatus.PoweringDown),
                VmStatus.PoweringDown, "shutdown requested");
        this.stop = new Transition(vms, clock, "power off", running, VmStatus.PoweringDown, "power off requested");
        this.reboot = new Transition(vms, clock, "reboot", EnumSet.of(VmStatus.Up, VmStatus.PoweringUp), null, "");
        this.pause = new Transition(vms, clock, "pause", EnumSet.of(VmStatus.Up, VmStatus.PoweringUp), null, "");
        this.resume = new Transition(vms, clock, "resume", EnumSet.of(VmStatus.Paused), null, "");
    }

    static ObjectRef ref(Vm vm) {
        return ObjectRef.vm(vm.id(), vm.name());
    }

    record Start(VmRepository vms, ClusterRepository clusters, ClusterSnapshots snapshots, Scheduler scheduler, VmDemands demands,
                 JdbcClient jdbc, Clock clock, ObjectProvider<StartRequirement> requirements, ObjectProvider<SpareCapacity> spare)
            implements Action<UUID, Vm> {
        public ObjectRef target(UUID id) {
            return ref(vms.get(id));
        }

        public Vm execute(UUID id) {
            return execute(id, null);
        }

        /** Starts the VM on {@code preferred} when that host fits it (and its pins allow it), else wherever the scheduler says. */
        Vm execute(UUID id, UUID preferred) {
            Vm vm = vms.get(id);
            if (vm.status() != VmStatus.Down) {
                throw new ConflictException("VM %s is %s; only a Down VM can be started".formatted(vm.name(), vm.status()));
            }
            List<String> refusals = requirements.orderedStream().map(r -> r.refusal(vm)).flatMap(Optional::stream).toList();
            if (!refusals.isEmpty()) {
                throw new ConflictException("VM %s cannot start: %s".formatted(vm.name(), String.join("; ", refusals)), refusals);
            }
            Cluster cluster = clusters.get(vm.clusterId());
            // One placement at a time per cluster, held until commit, so two starts cannot both
            // take the last free memory of a host (also across several managers on one database).
            jdbc.sql("select pg_advisory_xact_lock(:k)").param("k", cluster.id().getMostSignificantBits()).query(Object.class).list();
            var demand = demands.toStart(vm);
            var snapshot = snapshots.of(cluster);
            Placement placement = null;
            if (preferred != null && (demand.pinnedHostIds().isEmpty() || demand.pinnedHostIds().contains(preferred))) {
                placement = scheduler.place(demand.pinnedTo(Set.of(preferred)), snapshot);
            }
            if (placement == null || placement.host().isEmpty()) {
                placement = scheduler.place(demand, snapshot);
            }
            if (placement.host().isEmpty()) {
                // power saving may have switched hosts off: one is powered on, and the answer says so
                String poweringOn = spare.orderedStream().flatMap(s -> s.requestHost(cluster.id(), snapshot.pinsOf(demand)).stream())
                        .findFirst().map(m -> "; " + m).orElse("");
                throw new ConflictException(
                        "no host in cluster %s can run VM %s".formatted(cluster.name(), vm.name())
                                + (placement.rejections().isEmpty() ? ": the cluster has no hosts" : "") + poweringOn,
                        placement.rejections().stream().map(Placement.Rejection::describe).toList());
            }
            UUID hostId = placement.host().get().id();
            if (!vms.changeStatus(vm.id(), VmStatus.Down, VmStatus.WaitForLaunch, hostId,
                    "starting on host " + placement.host().get().name(), clock.instant())) {
                throw new ConflictException("VM %s changed state meanwhile; try again".formatted(vm.name()));
            }
            return vms.get(id);
        }

        public Audit audit(UUID id, Vm vm) {
            return new Audit(ref(vm), "VM %s is starting on host %s".formatted(vm.name(), vm.statusReason().replace("starting on host ", "")));
        }
    }

    /** A start that tries one host first: a highly available VM that crashed comes back on its own host when it fits (as oVirt does). */
    record StartPreferring(Start start) implements Action<StartPreferring.Input, Vm> {
        record Input(UUID vmId, UUID preferredHostId) {
        }

        public ObjectRef target(Input in) {
            return start.target(in.vmId());
        }

        public Vm execute(Input in) {
            return start.execute(in.vmId(), in.preferredHostId());
        }

        public Audit audit(Input in, Vm vm) {
            return start.audit(in.vmId(), vm);
        }
    }

    /** A power action that is allowed from some states and may record a new status right away. */
    record Transition(VmRepository vms, Clock clock, String verb, Set<VmStatus> allowedFrom, VmStatus to, String reason)
            implements Action<UUID, Vm> {
        public ObjectRef target(UUID id) {
            return ref(vms.get(id));
        }

        public Vm execute(UUID id) {
            Vm vm = vms.get(id);
            if (!allowedFrom.contains(vm.status())) {
                throw new ConflictException("cannot %s VM %s while it is %s".formatted(verb, vm.name(), vm.status()));
            }
            if (to != null && vm.status() != to
                    && !vms.changeStatus(vm.id(), vm.status(), to, vm.hostId(), reason, clock.instant())) {
                throw new ConflictException("VM %s changed state meanwhile; try again".formatted(vm.name()));
            }
            return vms.get(id);
        }

        public Audit audit(UUID id, Vm vm) {
            return new Audit(ref(vm), "%s of VM %s was requested".formatted(capitalized(verb), vm.name()));
        }

        private static String capitalized(String s) {
            return Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }
    }
}
