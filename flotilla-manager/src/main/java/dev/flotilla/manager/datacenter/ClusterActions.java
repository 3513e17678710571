package dev.flotilla.manager.datacenter;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.FieldError;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.scheduling.SchedulingPolicy;
import dev.flotilla.manager.scheduling.SchedulingPolicyRepository;
import dev.flotilla.manager.scheduling.SchedulingPolicyRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Create, update and delete of clusters. */
@Component
class ClusterActions {

    final Create create;
    final Update update;
    final Delete delete;

    ClusterActions(ClusterRepository clusters, DataCenterRepository dcs, SchedulingPolicyRepository policies) {
        this.create = new Create(clusters, dcs, policies);
        this.update = new Update(clusters, policies);
        this.delete = new Delete(clusters);
    }

    /** The scheduling settings of the input, checked against the policies that exist; 400 listing every wrong field. */
    record Scheduling(String policy, Map<String, Integer> parameters, String cpuModel) {

        static Scheduling of(ClusterInput in, Cluster old, SchedulingPolicyRepository policies) {
            String name = in.schedulingPolicy() != null ? in.schedulingPolicy() : old == null ? "none" : old.schedulingPolicy();
            boolean samePolicy = old != null && name.equals(old.schedulingPolicy());
            Map<String, Integer> params = in.schedulingPolicyParameters() != null ? in.schedulingPolicyParameters()
                    : samePolicy ? old.schedulingPolicyParameters() : Map.of();
            String cpuModel = in.cpuModel() == null ? old == null ? null : old.cpuModel() : in.cpuModel().isBlank() ? null : in.cpuModel().strip();
            List<FieldError> errors = new ArrayList<>();
            Optional<SchedulingPolicy> policy = policies.find(name);
            if (policy.isEmpty()) {
                List<String> known = new ArrayList<>(SchedulingPolicy.BUILT_IN.stream().map(SchedulingPolicy::name).toList());
                policies.listCustom().forEach(p -> known.add(p.name()));
                errors.add(new FieldError("schedulingPolicy", "no scheduling policy named %s; policies are %s".formatted(name, known)));
            } else {
                // the low/high rule is checked on the values in force, the policy's and the overrides together
                Map<String, Integer> effective = new HashMap<>(policy.get().parameters());
                effective.putAll(params);
                errors.addAll(SchedulingPolicyRules.checkParameters("schedulingPolicyParameters", params));
                if (errors.isEmpty()) {
                    SchedulingPolicyRules.checkParameters("schedulingPolicyParameters", effective).stream()
                            .filter(e -> !params.isEmpty()).forEach(errors::add);
                }
            }
            if (cpuModel != null && cpuModel.length() > 128) {
                errors.add(new FieldError("cpuModel", "must be at most 128 characters"));
            }
            if (!errors.isEmpty()) {
                throw new BadRequestException("the cluster's scheduling settings are not valid", errors);
            }
            return new Scheduling(name, params, cpuModel);
        }
    }

    /** The input's resilience policy (400 naming the known ones when it is none of them), else {@code fallback}. */
    static String resilience(ClusterInput in, String fallback) {
        return in.resiliencePolicy() == null ? fallback : ResiliencePolicy.parse("resiliencePolicy", in.resiliencePolicy()).wire();
    }

    static int percent(String field, Integer value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            throw BadRequestException.field(field, "must be between %d and %d".formatted(min, max));
        }
        return value;
    }

    record Create(ClusterRepository clusters, DataCenterRepository dcs, SchedulingPolicyRepository policies) implements Action<ClusterInput, Cluster> {
        public ObjectRef target(ClusterInput in) {
            return ObjectRef.system();
        }

        public Cluster execute(ClusterInput in) {
            String name = Names.require("name", in.name());
            if (in.dataCenterId() == null) {
                throw BadRequestException.field("dataCenterId", "is required");
            }
            if (dcs.find(in.dataCenterId()).isEmpty()) {
                throw BadRequestException.field("dataCenterId", "names no data center");
            }
            if (clusters.findByName(name).isPresent()) {
                throw new ConflictException("a cluster named %s already exists".formatted(name));
            }
            Scheduling s = Scheduling.of(in, null, policies);
            Cluster c = new Cluster(UUID.randomUUID(), in.dataCenterId(), name, DataCenterActions.description(in.description()),
                    percent("memoryOvercommitPercent", in.memoryOvercommitPercent(), 100, 100, 400),
                    percent("cpuOvercommitPercent", in.cpuOvercommitPercent(), 400, 100, 10000),
                    s.policy(), s.parameters(), s.cpuModel(), 0, Instant.now(), resilience(in, ResiliencePolicy.DEFAULT.wire()));
            clusters.insert(c);
            return clusters.get(c.id());
        }

        public Audit audit(ClusterInput in, Cluster out) {
            return new Audit(ObjectRef.cluster(out.id(), out.name()), "Cluster %s was created".formatted(out.name()));
        }
    }

    record UpdateInput(UUID id, ClusterInput change) {
    }

    record Update(ClusterRepository clusters, SchedulingPolicyRepository policies) implements Action<UpdateInput, Cluster> {
        public ObjectRef target(UpdateInput in) {
            Cluster c = clusters.get(in.id());
            return ObjectRef.cluster(c.id(), c.name());
        }

        public Cluster execute(UpdateInput in) {
            Cluster c = clusters.get(in.id());
            ClusterInput ch = in.change();
            if (ch.version() == null) {
                throw BadRequestException.field("version", "is required: send the version you read");
            }
            if (ch.dataCenterId() != null && !ch.dataCenterId().equals(c.dataCenterId())) {
                throw BadRequestException.field("dataCenterId", "cannot be changed: a cluster stays in its data center");
            }
            String name = ch.name() == null ? c.name() : Names.require("name", ch.name());
            clusters.findByName(name).filter(other -> !other.id().equals(c.id())).ifPresent(other -> {
                throw new ConflictException("a cluster named %s already exists".formatted(name));
            });
            Scheduling s = Scheduling.of(ch, c, policies);
            clusters.update(new Cluster(c.id(), c.dataCenterId(), name,
                    ch.description() == null ? c.description() : DataCenterActions.description(ch.description()),
                    percent("memoryOvercommitPercent", ch.memoryOvercommitPercent(), c.memoryOvercommitPercent(), 100, 400),
                    percent("cpuOvercommitPercent", ch.cpuOvercommitPercent(), c.cpuOvercommitPercent(), 100, 10000),
                    s.policy(), s.parameters(), s.cpuModel(), ch.version(), c.createdAt(), resilience(ch, c.resiliencePolicy())));
            return clusters.get(c.id());
        }

        public Audit audit(UpdateInput in, Cluster out) {
            return new Audit(ObjectRef.cluster(out.id(), out.name()), "Cluster %s was updated".formatted(out.name()));
        }
    }

    record Delete(ClusterRepository clusters) implements Action<UUID, Cluster> {
        public ObjectRef target(UUID id) {
            Cluster c = clusters.get(id);
            return ObjectRef.cluster(c.id(), c.name());
        }

        public Cluster execute(UUID id) {
            Cluster c = clusters.get(id);
            long members = clusters.countMembers(id);
            if (members > 0) {
                throw new ConflictException("cluster %s still has %d host(s) or VM(s); move or delete them first".formatted(c.name(), members));
            }
            clusters.delete(id);
            return c;
        }

        public Audit audit(UUID id, Cluster out) {
            return new Audit(ObjectRef.cluster(out.id(), out.name()), "Cluster %s was deleted".formatted(out.name()));
        }
    }
}
