package dev.flotilla.manager.scheduling;

import dev.flotilla.manager.api.ListResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Scheduling policies (built-in and custom, addressed by name) and the units they are made of. */
@RestController
class SchedulingPolicyController {

    /** A policy as the API shows it; built-in ones have no id and cannot change. */
    record PolicyResponse(UUID id, String name, String description, boolean builtIn, List<String> filters,
                          List<SchedulingPolicy.WeightedScorer> scorers, String balancer, Map<String, Integer> parameters,
                          long version) {
        static PolicyResponse of(SchedulingPolicy p) {
            return new PolicyResponse(p.id(), p.name(), p.description(), p.builtIn(), p.filters(), p.scorers(), p.balancer(), p.parameters(), p.version());
        }
    }

    private final SchedulingPolicyService policies;

    SchedulingPolicyController(SchedulingPolicyService policies) {
        this.policies = policies;
    }

    @GetMapping("/api/v1/schedulingpolicyunits")
    ListResponse<SchedulingUnits.Unit> units() {
        List<SchedulingUnits.Unit> all = SchedulingUnits.all();
        return new ListResponse<>(all, all.size());
    }

    @GetMapping("/api/v1/schedulingpolicies")
    ListResponse<PolicyResponse> list() {
        List<PolicyResponse> all = policies.list().stream().map(PolicyResponse::of).toList();
        return new ListResponse<>(all, all.size());
    }

    @GetMapping("/api/v1/schedulingpolicies/{name}")
    PolicyResponse get(@PathVariable String name) {
        return PolicyResponse.of(policies.get(name));
    }

    @PostMapping("/api/v1/schedulingpolicies")
    @ResponseStatus(HttpStatus.CREATED)
    PolicyResponse create(@RequestBody SchedulingPolicyInput in) {
        return PolicyResponse.of(policies.create(in));
    }

    @PatchMapping("/api/v1/schedulingpolicies/{name}")
    PolicyResponse update(@PathVariable String name, @RequestBody SchedulingPolicyInput in) {
        return PolicyResponse.of(policies.update(name, in));
    }

    @DeleteMapping("/api/v1/schedulingpolicies/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String name) {
        policies.delete(name);
    }
}
