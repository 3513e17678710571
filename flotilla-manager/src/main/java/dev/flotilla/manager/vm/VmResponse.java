package dev.flotilla.manager.vm;

import java.time.Instant;
import java.util.UUID;

/** A VM as the API shows it. */
public record VmResponse(UUID id, String name, String description, UUID clusterId, UUID hostId, String status,
                         String statusReason, Instant statusChangedAt, int cpus, long memoryMiB, boolean highlyAvailable,
                         Vm.Boot boot, long version, Instant createdAt, ReportedVm.Stats stats) {

    static VmResponse of(Vm vm, ReportedVm.Stats stats) {
        return new VmResponse(vm.id(), vm.name(), vm.description(), vm.clusterId(), vm.hostId(), vm.status().name(),
                vm.statusReason(), vm.statusChangedAt(), vm.cpus(), vm.memoryMiB(), vm.highlyAvailable(), vm.boot(),
                vm.version(), vm.createdAt(), vm.status().isAlive() ? stats : null);
    }
}
