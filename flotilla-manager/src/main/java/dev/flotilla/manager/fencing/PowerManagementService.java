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
        return repo.find(hostId).map(pm -> PowerManagementResponse.of(pm, repo.lastTest(hostId).orElse(null)))
                .orElseGet(() -> PowerManagementResponse.none(hostId));
    }

    public PowerManagementResponse save(UUID hostId, PowerManagementInput in) {
        PowerManagement pm = runner.run(actions.save, new PowerManagementActions.SetInput(hostId, in));
        return PowerManagementResponse.of(pm, repo.lastTest(hostId).orElse(null));
    }

    public void remove(UUID hostId) {
        runner.run(actions.remove, hostId);
    }

    /** Reads the power status; the outcome is remembered, and power saving leaves a host whose last test failed alone. */
    public Fencer.Outcome test(UUID hostId) {
        return fencer.test(hosts.get(hostId));
    }
}
