package dev.flotilla.manager.migration;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.datacenter.Cluster;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.scheduling.ClusterSnapshot;
import dev.flotilla.manager.scheduling.Placement;
import dev.flotilla.manager.scheduling.Scheduler;
import dev.flotilla.manager.scheduling.VmDemand;
import dev.flotilla.manager.vm.VmDemands;
import dev.flotilla.manager.vm.ClusterSnapshots;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmStatus;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The database half of a migration: the VM must be Up on a host; the target is the one asked for
 * (if the scheduler's filters accept it) or the scheduler's choice among the cluster's other
 * hosts; the VM becomes MigratingFrom with the target recorded, which also claims its room there.
 */
record MigrateVm(VmRepository vms, HostRepository hosts, ClusterRepository clusters, ClusterSnapshots snapshots,
                 Scheduler scheduler, VmDemands demands, JdbcClient jdbc, Clock clock) implements Action<MigrateVm.Input, MigrateVm.Plan> {

    record Input(UUID vmId, UUID targetHostId) {
    }

    /** What the runner needs once this committed. */
    record Plan(Vm vm, Host source, Host target) {
    }

    public ObjectRef target(Input in) {
        Vm vm = vms.get(in.vmId());
        return ObjectRef.vm(vm.id(), vm.name());
    }

    public Plan execute(Input in) {
        Vm vm = vms.get(in.vmId());
        if (vm.status() != VmStatus.Up || vm.hostId() == null) {
            throw new ConflictException("VM %s is %s; only an Up VM can be migrated".formatted(vm.name(), vm.status()));
        }
        vms.liveDeviceChange(vm.id()).ifPresent(change -> {
            throw new ConflictException(("VM %s cannot migrate until it is restarted: %s, and it was started before disks had fixed "
                    + "places, so QEMU on another host would not lay out its devices the same way").formatted(vm.name(), change));
        });
        // a disk being moved live is mirrored by the QEMU on this host: the VM stays until the move ended
        List<String> moving = jdbc.sql("""
                select d.name from disk d join vm_disk a on a.disk_id = d.id
                where a.vm_id = :vm and d.status = 'Locked' and d.status_reason like 'moving live%'""")
                .param("vm", vm.id()).query(String.class).list();
        if (!moving.isEmpty()) {
            throw new ConflictException("VM %s cannot migrate while its disk %s is being moved live; wait for the move or cancel it"
                    .formatted(vm.name(), String.join(", ", moving)));
        }
        Cluster cluster = clusters.get(vm.clusterId());
        // the same per-cluster lock as a start: two placements cannot both take a host's last free memory
        jdbc.sql("select pg_advisory_xact_lock(:k)").param("k", cluster.id().getMostSignificantBits()).query(Object.class).list();
        ClusterSnapshot snapshot = snapshots.of(cluster);
        if (in.targetHostId() != null) {
            Host asked = hosts.find(in.targetHostId()).orElseThrow(() ->
                    BadRequestException.field("targetHostId", "no host " + in.targetHostId()));
            if (!asked.clusterId().equals(vm.clusterId())) {
                throw BadRequestException.field("targetHostId", "host %s is not in cluster %s of VM %s"
                        .formatted(asked.name(), cluster.name(), vm.name()));
            }
            snapshot = snapshot.withHosts(snapshot.hosts().stream().filter(h -> h.id().equals(asked.id())).toList());
        }
        VmDemand demand = demands.toMove(vm);
        if (demand.reach() != null && demand.reach().hostIds().stream().allMatch(vm.hostId()::equals)) {
            throw new ConflictException("VM %s cannot migrate: %s".formatted(vm.name(), demand.reach().why()));
        }
        Placement placement = scheduler.place(demand, snapshot);
        if (placement.host().isEmpty()) {
            throw new ConflictException("no host %s can take VM %s".formatted(in.targetHostId() != null ? "asked for" : "in cluster " + cluster.name(), vm.name())
                    + (placement.rejections().isEmpty() ? ": the cluster has no other hosts" : ""),
                    placement.rejections().stream().map(Placement.Rejection::describe).toList());
        }
        Host source = hosts.get(vm.hostId());
        Host target = hosts.get(placement.host().get().id());
        if (target.facts() == null || target.facts().address() == null || target.facts().address().isBlank()) {
            throw new ConflictException("host %s has not reported an address other hosts reach it at; restart its agent with --address"
                    .formatted(target.name()));
        }
        if (!vms.startMigration(vm.id(), target.id(), "migrating to host " + target.name(), clock.instant())) {
            throw new ConflictException("VM %s changed state meanwhile; try again".formatted(vm.name()));
        }
        return new Plan(vms.get(vm.id()), source, target);
    }

    public Audit audit(Input in, Plan plan) {
        return new Audit(ObjectRef.vm(plan.vm().id(), plan.vm().name()), "Migration of VM %s from host %s to host %s started"
                .formatted(plan.vm().name(), plan.source().name(), plan.target().name()));
    }
}
