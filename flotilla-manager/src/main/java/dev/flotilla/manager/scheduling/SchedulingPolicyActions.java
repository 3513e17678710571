package dev.flotilla.manager.scheduling;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.FieldError;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.datacenter.Names;
import dev.flotilla.manager.events.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Create, update and delete of custom scheduling policies; the built-in ones cannot change. */
@Component
class SchedulingPolicyActions {

    final Create create;
    final Update update;
    final Delete delete;

    SchedulingPolicyActions(SchedulingPolicyRepository policies) {
        this.create = new Create(policies);
        this.update = new Update(policies);
        this.delete = new Delete(policies);
    }

    static SchedulingPolicy custom(SchedulingPolicyRepository policies, String name) {
        if (SchedulingPolicy.builtIn(name).isPresent()) {
            throw new ConflictException("scheduling policy %s is built in and cannot change; create a custom one".formatted(name));
        }
        return policies.findCustom(name).orElseThrow(() -> new NotFoundException("scheduling policy %s does not exist".formatted(name)));
    }

    /** The policy the input describes, or a 400 listing every wrong field. */
    static SchedulingPolicy validated(UUID id, String name, String description, List<String> filters,
                                      List<SchedulingPolicy.WeightedScorer> scorers, String balancer, Map<String, Integer> parameters,
                                      long version) {
        List<FieldError> errors = new ArrayList<>();
        Names.problem(name).ifPresent(reason -> errors.add(new FieldError("name", reason)));
        if (name != null && SchedulingPolicy.builtIn(name).isPresent()) {
            errors.add(new FieldError("name", "%s is the name of a built-in policy".formatted(name)));
        }
        if (description != null && description.length() > 1024) {
            errors.add(new FieldError("description", "must be at most 1024 characters"));
        }
        errors.addAll(SchedulingPolicyRules.checkUnits(filters, scorers));
        errors.addAll(SchedulingPolicyRules.checkBalancer(balancer));
        errors.addAll(SchedulingPolicyRules.checkParameters("parameters", parameters));
        if (!errors.isEmpty()) {
            throw new BadRequestException("the scheduling policy is not valid", errors);
        }
        return new SchedulingPolicy(id, name, description == null ? "" : description, filters, scorers, balancer, parameters, version);
    }

    record Create(SchedulingPolicyRepository policies) implements Action<SchedulingPolicyInput, SchedulingPolicy> {
        public ObjectRef target(SchedulingPolicyInput in) {
            return ObjectRef.system();
        }

        public SchedulingPolicy execute(SchedulingPolicyInput in) {
            SchedulingPolicy p = validated(UUID.randomUUID(), in.name(), in.description(),
                    in.filters() == null ? SchedulingPolicy.NONE.filters() : in.filters(),
                    in.scorers() == null ? List.of() : in.scorers(), in.balancer(), in.parameters() == null ? Map.of() : in.parameters(), 0);
            if (policies.findCustom(p.name()).isPresent()) {
                throw new ConflictException("a scheduling policy named %s already exists".formatted(p.name()));
            }
            policies.insert(p);
            return policies.findCustom(p.name()).orElseThrow();
        }

        public Audit audit(SchedulingPolicyInput in, SchedulingPolicy out) {
            return new Audit(ObjectRef.system(), "Scheduling policy %s was created".formatted(out.name()));
        }
    }

    record UpdateInput(String name, SchedulingPolicyInput change) {
    }

    record Update(SchedulingPolicyRepository policies) implements Action<UpdateInput, SchedulingPolicy> {
        public ObjectRef target(UpdateInput in) {
            return ObjectRef.system();
        }

        public SchedulingPolicy execute(UpdateInput in) {
            SchedulingPolicy old = custom(policies, in.name());
            SchedulingPolicyInput ch = in.change();
            if (ch.version() == null) {
                throw BadRequestException.field("version", "is required: send the version you read");
            }
            SchedulingPolicy p = validated(old.id(), ch.name() == null ? old.name() : ch.name(),
                    ch.description() == null ? old.description() : ch.description(),
                    ch.filters() == null ? old.filters() : ch.filters(), ch.scorers() == null ? old.scorers() : ch.scorers(),
                    ch.balancer() == null ? old.balancer() : ch.balancer(),
                    ch.parameters() == null ? old.parameters() : ch.parameters(), ch.version());
            if (!p.name().equals(old.name()) && policies.findCustom(p.name()).isPresent()) {
                throw new ConflictException("a scheduling policy named %s already exists".formatted(p.name()));
            }
            policies.update(p, old.name());
            return policies.findCustom(p.name()).orElseThrow();
        }

        public Audit audit(UpdateInput in, SchedulingPolicy out) {
            return new Audit(ObjectRef.system(), "Scheduling policy %s was updated".formatted(out.name()));
        }
    }

    record Delete(SchedulingPolicyRepository policies) implements Action<String, SchedulingPolicy> {
        public ObjectRef target(String name) {
            return ObjectRef.system();
        }

        public SchedulingPolicy execute(String name) {
            SchedulingPolicy p = custom(policies, name);
            List<String> users = policies.clustersUsing(name);
            if (!users.isEmpty()) {
                throw new ConflictException("scheduling policy %s is used by cluster(s) %s; give them another policy first"
                        .formatted(name, String.join(", ", users)));
            }
            policies.delete(p.id());
            return p;
        }

        public Audit audit(String name, SchedulingPolicy out) {
            return new Audit(ObjectRef.system(), "Scheduling policy %s was deleted".formatted(out.name()));
        }
    }
}
