package dev.flotilla.manager.ha;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/vms/{id}/highavailability}: whether the VM is restarted elsewhere when its host
 * fails, and its priority (0-100, higher first). A running VM's host learns the change with its
 * next lease renewal, a few seconds later.
 */
@RestController
public class HighAvailabilityController {

    /** The VM's HA setting: restarted elsewhere when its host fails, and in which order. */
    public record HighAvailability(Boolean enabled, Integer priority) {
    }

    private final VmRepository vms;
    private final HaPriorities priorities;
    private final ActionRunner runner;

    HighAvailabilityController(VmRepository vms, HaPriorities priorities, ActionRunner runner) {
        this.vms = vms;
        this.priorities = priorities;
        this.runner = runner;
    }

    @GetMapping("/api/v1/vms/{id}/highavailability")
    public HighAvailability get(@PathVariable UUID id) {
        Vm vm = vms.get(id);
        return new HighAvailability(vm.highlyAvailable(), priorities.of(id));
    }

    @PutMapping("/api/v1/vms/{id}/highavailability")
    public HighAvailability put(@PathVariable UUID id, @RequestBody HighAvailability in) {
        return runner.run(new SetHighAvailability(vms, priorities), new SetHighAvailability.Input(id, in));
    }

    record SetHighAvailability(VmRepository vms, HaPriorities priorities) implements Action<SetHighAvailability.Input, HighAvailability> {
        record Input(UUID vmId, HighAvailability ha) {
        }

        public ObjectRef target(Input in) {
            Vm vm = vms.get(in.vmId());
            return ObjectRef.vm(vm.id(), vm.name());
        }

        public HighAvailability execute(Input in) {
            Vm vm = vms.get(in.vmId());
            HighAvailability ha = in.ha() == null ? new HighAvailability(null, null) : in.ha();
            int priority = ha.priority() == null ? priorities.of(vm.id()) : ha.priority();
            if (priority < 0 || priority > 100) {
                throw BadRequestException.field("priority", "must be between 0 and 100");
            }
            boolean enabled = ha.enabled() == null ? vm.highlyAvailable() : ha.enabled();
            priorities.set(vm.id(), enabled, priority);
            return new HighAvailability(enabled, priority);
        }

        public Audit audit(Input in, HighAvailability out) {
            Vm vm = vms.get(in.vmId());
            return new Audit(ObjectRef.vm(vm.id(), vm.name()), "VM %s is %shighly available (priority %d)"
                    .formatted(vm.name(), out.enabled() ? "" : "not ", out.priority()));
        }
    }
}
