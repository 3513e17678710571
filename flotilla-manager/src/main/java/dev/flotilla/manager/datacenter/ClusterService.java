package dev.flotilla.manager.datacenter;

import dev.flotilla.manager.action.ActionRunner;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The cluster actions as the REST API and the console both run them, so a change made on either
 * is validated and audited the same way.
 */
@Service
public class ClusterService {

    private final ClusterActions actions;
    private final ActionRunner runner;

    ClusterService(ClusterActions actions, ActionRunner runner) {
        this.actions = actions;
        this.runner = runner;
    }

    public Cluster create(ClusterInput in) {
        return runner.run(actions.create, in);
    }

    /** Absent fields keep their value; {@code version} must be the one read (409 otherwise). */
    public Cluster update(UUID id, ClusterInput change) {
        return runner.run(actions.update, new ClusterActions.UpdateInput(id, change));
    }

    public void delete(UUID id) {
        runner.run(actions.delete, id);
    }
}
