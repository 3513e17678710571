package dev.flotilla.manager.affinity;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.FieldError;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Pins a VM to some hosts of its cluster (an empty list unpins it). It does not move a running
 * VM: the pins apply from its next start or migration.
 */
@Component
record PinVm(VmRepository vms, VmPinRepository pins, AffinityGroupRepository groups) implements Action<PinVm.Input, List<UUID>> {

    record Input(UUID vmId, List<UUID> hostIds) {
    }

    public ObjectRef target(Input in) {
        Vm vm = vms.get(in.vmId());
        return ObjectRef.vm(vm.id(), vm.name());
    }

    public List<UUID> execute(Input in) {
        Vm vm = vms.get(in.vmId());
        if (in.hostIds() == null) {
            throw BadRequestException.field("hostIds", "is required (an empty list unpins the VM)");
        }
        List<FieldError> errors = new ArrayList<>();
        Set<UUID> found = in.hostIds().stream().anyMatch(java.util.Objects::isNull) ? Set.of() : groups.existingIn("host", vm.clusterId(), in.hostIds());
        for (int i = 0; i < in.hostIds().size(); i++) {
            if (!found.contains(in.hostIds().get(i))) {
                errors.add(new FieldError("hostIds[%d]".formatted(i), "no host %s in the VM's cluster".formatted(in.hostIds().get(i))));
            }
        }
        if (!errors.isEmpty()) {
            throw new BadRequestException("the pinned hosts are not valid", errors);
        }
        pins.replace(vm.id(), new LinkedHashSet<>(in.hostIds()));
        return pins.of(vm.id());
    }

    public Audit audit(Input in, List<UUID> out) {
        Vm vm = vms.get(in.vmId());
        return new Audit(ObjectRef.vm(vm.id(), vm.name()), out.isEmpty() ? "VM %s was unpinned".formatted(vm.name())
                : "VM %s was pinned to %d host(s)".formatted(vm.name(), out.size()));
    }
}
