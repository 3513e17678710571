package dev.flotilla.manager.vm;

import java.time.Instant;
import java.util.UUID;

/**
 * A VM as the API shows it. {@code storageStall} is set while its host reports it not responding on
 * storage (oVirt's "Not Responding" for a guest frozen on a hung storage server): the status stays
 * what QEMU says (Up), since the guest's CPUs do run, and this flag says its disk I/O does not.
 */
public record VmResponse(UUID id, String name, String description, UUID clusterId, UUID hostId, String status,
                         String statusReason, Instant statusChangedAt, int cpus, long memoryMiB, boolean highlyAvailable,
                         Vm.Boot boot, long version, Instant createdAt, ReportedVm.Stats stats, StorageStall storageStall) {

    /** Why the VM's disk I/O does not complete on its host, and since when the host says so. */
    public record StorageStall(UUID hostId, String reason, Instant since) {
    }

    static VmResponse of(Vm vm, ReportedVm.Stats stats, StorageStall stall) {
        boolean here = stall != null && vm.status().isAlive() && stall.hostId().equals(vm.hostId());
        return new VmResponse(vm.id(), vm.name(), vm.description(), vm.clusterId(), vm.hostId(), vm.status().name(),
                vm.statusReason(), vm.statusChangedAt(), vm.cpus(), vm.memoryMiB(), vm.highlyAvailable(), vm.boot(),
                vm.version(), vm.createdAt(), vm.status().isAlive() ? stats : null, here ? stall : null);
    }
}
