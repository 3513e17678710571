package dev.flotilla.manager.vm;

import dev.flotilla.manager.scheduling.HostReach;
import dev.flotilla.manager.scheduling.VmDemand;
import java.util.Optional;
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

    /** The hosts that reach everything the VM needs, or empty when every host does. */
    public Optional<HostReach> reachOf(Vm vm) {
        return reaches.orderedStream().map(r -> r.reach(vm)).flatMap(Optional::stream).reduce(HostReach::and);
    }

    private VmDemand withReach(VmDemand demand, Vm vm) {
        return reachOf(vm).map(demand::reachableFrom).orElse(demand);
    }
}
