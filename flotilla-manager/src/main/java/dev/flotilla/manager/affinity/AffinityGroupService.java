package dev.flotilla.manager.affinity;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.scheduling.AffinityGroup;
import dev.flotilla.manager.vm.VmRepository;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Affinity groups and VM pins as the REST API and the console both change them: the same actions
 * through the same runner, so validation and events are identical.
 */
@Service
public class AffinityGroupService {

    private final AffinityGroupActions actions;
    private final PinVm pinVm;
    private final VmPinRepository pins;
    private final VmRepository vms;
    private final ActionRunner runner;

    AffinityGroupService(AffinityGroupActions actions, PinVm pinVm, VmPinRepository pins, VmRepository vms, ActionRunner runner) {
        this.actions = actions;
        this.pinVm = pinVm;
        this.pins = pins;
        this.vms = vms;
        this.runner = runner;
    }

    public AffinityGroup create(UUID clusterId, AffinityGroupInput in) {
        return runner.run(actions.create, new AffinityGroupActions.CreateInput(clusterId, in));
    }

    public AffinityGroup update(UUID clusterId, UUID id, AffinityGroupInput change) {
        return runner.run(actions.update, new AffinityGroupActions.UpdateInput(clusterId, id, change));
    }

    public void delete(UUID clusterId, UUID id) {
        runner.run(actions.delete, new AffinityGroupActions.DeleteInput(clusterId, id));
    }

    /** The hosts the VM is pinned to (404 when there is no such VM). */
    public List<UUID> pinnedHosts(UUID vmId) {
        return pins.of(vms.get(vmId).id());
    }

    /** Replaces the VM's pins; an empty list unpins it. */
    public List<UUID> pin(UUID vmId, List<UUID> hostIds) {
        return runner.run(pinVm, new PinVm.Input(vmId, hostIds));
    }
}
