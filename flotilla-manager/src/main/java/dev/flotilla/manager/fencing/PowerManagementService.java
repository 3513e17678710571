package dev.flotilla.manager.fencing;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.host.HostRepository;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Power management as the API, the console and the CLI use it. */
@Service
public class PowerManagementService {

    private final PowerManagementRepository repo;
    private final HostRepository hosts;
    private final ActionRunner runner;
    private final PowerManagementActions actions;
    private final Fencer fencer;

    PowerManagementService(PowerManagementRepository repo, HostRepository hosts, ActionRunner runner, PowerManagementActions actions,
                           Fencer fencer) {
        this.repo = repo;
        this.hosts = hosts;
        this.runner = runner;
        this.actions = actions;
        this.fencer = fencer;
    }

    public PowerManagementResponse get(UUID hostId) {
        hosts.get(hostId);
        return repo.find(hostId).map(PowerManagementResponse::of).orElseGet(() -> PowerManagementResponse.none(hostId));
    }

    public PowerManagementResponse save(UUID hostId, PowerManagementInput in) {
        return PowerManagementResponse.of(runner.run(actions.save, new PowerManagementActions.SetInput(hostId, in)));
    }

    public void remove(UUID hostId) {
        runner.run(actions.remove, hostId);
    }

    public Fencer.Outcome test(UUID hostId) {
        return fencer.run(hosts.get(hostId), "status");
    }
}
