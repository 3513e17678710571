package dev.flotilla.manager.vm;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.PageRequest;
import java.time.Duration;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The VM operations as the API and the console both call them: each runs its action (state
 * check and database change, audited) and then, for power actions, the host command.
 */
@Service
public class VmService {

    private final VmRepository vms;
    private final VmLiveStats stats;
    private final ActionRunner runner;
    private final VmConfigActions config;
    private final VmPowerActions power;
    private final VmDispatcher dispatcher;

    VmService(VmRepository vms, VmLiveStats stats, ActionRunner runner, VmConfigActions config, VmPowerActions power,
              VmDispatcher dispatcher) {
        this.vms = vms;
        this.stats = stats;
        this.runner = runner;
        this.config = config;
        this.power = power;
        this.dispatcher = dispatcher;
    }

    public ListResponse<VmResponse> list(VmRepository.Filter filter, PageRequest page) {
        return vms.list(filter, page).map(this::view);
    }

    public VmResponse get(UUID id) {
        return view(vms.get(id));
    }

    public VmResponse create(VmInput in) {
        return view(runner.run(config.create, in));
    }

    public VmResponse update(UUID id, VmInput in) {
        return view(runner.run(config.update, new VmConfigActions.UpdateInput(id, in)));
    }

    public void delete(UUID id) {
        runner.run(config.delete, id);
        stats.remove(id);
    }

    public VmResponse start(UUID id) {
        return view(dispatcher.start(runner.run(power.start, id)));
    }

    /** A start that tries {@code preferredHostId} first (null: the scheduler's choice). */
    public VmResponse startPreferring(UUID id, UUID preferredHostId) {
        return view(dispatcher.start(runner.run(power.startPreferring, new VmPowerActions.StartPreferring.Input(id, preferredHostId))));
    }

    public VmResponse shutdown(UUID id, boolean force, Duration timeout) {
        VmStatus before = vms.get(id).status();
        Vm vm = dispatcher.send(runner.run(power.shutdown, id), before, VmCommands.Kind.SHUTDOWN);
        if (force) {
            dispatcher.forceAfter(vm, timeout);
        }
        return view(vm);
    }

    public VmResponse power(UUID id, VmCommands.Kind kind) {
        VmStatus before = vms.get(id).status();
        VmPowerActions.Transition action = switch (kind) {
            case STOP -> power.stop;
            case REBOOT -> power.reboot;
            case PAUSE -> power.pause;
            case RESUME -> power.resume;
            case SHUTDOWN -> power.shutdown;
        };
        return view(dispatcher.send(runner.run(action, id), before, kind));
    }

    private VmResponse view(Vm vm) {
        return VmResponse.of(vm, stats.get(vm.id()), stats.storageStall(vm.id()));
    }
}
