package dev.flotilla.manager.scheduling;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.api.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Scheduling policies as the REST API and the console both read and change them (built-in ones
 * first, then the custom ones); changes run the same audited actions.
 */
@Service
public class SchedulingPolicyService {

    private final SchedulingPolicyRepository policies;
    private final SchedulingPolicyActions actions;
    private final ActionRunner runner;

    SchedulingPolicyService(SchedulingPolicyRepository policies, SchedulingPolicyActions actions, ActionRunner runner) {
        this.policies = policies;
        this.actions = actions;
        this.runner = runner;
    }

    public List<SchedulingPolicy> list() {
        List<SchedulingPolicy> all = new ArrayList<>(SchedulingPolicy.BUILT_IN);
        all.addAll(policies.listCustom());
        return all;
    }

    public SchedulingPolicy get(String name) {
        return policies.find(name).orElseThrow(() -> new NotFoundException("scheduling policy %s does not exist".formatted(name)));
    }

    public SchedulingPolicy create(SchedulingPolicyInput in) {
        return runner.run(actions.create, in);
    }

    public SchedulingPolicy update(String name, SchedulingPolicyInput change) {
        return runner.run(actions.update, new SchedulingPolicyActions.UpdateInput(name, change));
    }

    public void delete(String name) {
        runner.run(actions.delete, name);
    }
}
