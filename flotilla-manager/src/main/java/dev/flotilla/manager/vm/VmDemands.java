package dev.flotilla.manager.vm;

import dev.flotilla.manager.scheduling.HostReach;
import dev.flotilla.manager.scheduling.VmDemand;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What a VM asks of the scheduler: its size, where it runs now and which hosts can reach its
 * storage. One place builds it, so a start, a migration and the balancing loop see the same limits.
 */
@Component
public class VmDemands {

    private final ObjectProvider<VmReach> reaches;

    VmDemands(ObjectProvider<VmReach> reaches) {
        this.reaches = reaches;
    }

    /** For a start: the VM runs nowhere yet. */
    public VmDemand toStart(Vm vm) {
        return withReach(new VmDemand(vm.id(), vm.name(), vm.cpus(), vm.memoryMiB()), vm);
    }

    /** For a migration: away from the host it runs on. */
    public VmDemand toMove(Vm vm) {
        return withReach(new VmDemand(vm.id(), vm.name(), vm.cpus(), vm.memoryMiB(), vm.hostId()), vm);
    }

    /** For balancing: each of {@code vms} away from its host, every reach asked once for all of them. */
    public List<VmDemand> toMove(List<Vm> vms) {
        Map<UUID, HostReach> reach = new HashMap<>();
        reaches.orderedStream().forEach(r -> r.reach(vms).forEach((id, limit) -> reach.merge(id, limit, HostReach::and)));
        return vms.stream().map(vm -> {
            VmDemand demand = new VmDemand(vm.id(), vm.name(), vm.cpus(), vm.memoryMiB(), vm.hostId());
            HostReach limit = reach.get(vm.id());
            return limit == null ? demand : demand.reachableFrom(limit);
        }).toList();
    }

    /** The hosts that reach everything the VM needs, or empty when every host does. */
    public Optional<HostReach> reachOf(Vm vm) {
        return reaches.orderedStream().map(r -> r.reach(vm)).flatMap(Optional::stream).reduce(HostReach::and);
    }

    private VmDemand withReach(VmDemand demand, Vm vm) {
        return reachOf(vm).map(demand::reachableFrom).orElse(demand);
    }
}
