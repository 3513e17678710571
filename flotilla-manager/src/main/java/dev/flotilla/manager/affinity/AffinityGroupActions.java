package dev.flotilla.manager.affinity;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.FieldError;
import dev.flotilla.manager.datacenter.Cluster;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.datacenter.Names;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.scheduling.AffinityGroup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Create, update and delete of a cluster's affinity groups. Members must belong to the cluster.
 * Changing a group moves no VM: the scheduler honours it from the next placement on.
 */
@Component
class AffinityGroupActions {

    final Create create;
    final Update update;
    final Delete delete;

    AffinityGroupActions(AffinityGroupRepository groups, ClusterRepository clusters) {
        this.create = new Create(groups, clusters);
        this.update = new Update(groups, clusters);
        this.delete = new Delete(groups, clusters);
    }

    record CreateInput(UUID clusterId, AffinityGroupInput group) {
    }

    record UpdateInput(UUID clusterId, UUID id, AffinityGroupInput change) {
    }

    record DeleteInput(UUID clusterId, UUID id) {
    }

    /** The group the fields describe, or a 400 naming every wrong one. */
    static AffinityGroup validated(AffinityGroupRepository groups, Cluster cluster, UUID id, String name, String description,
                                   Boolean positive, Boolean enforcing, List<UUID> vmIds, List<UUID> hostIds, long version,
                                   Instant createdAt) {
        List<FieldError> errors = new ArrayList<>();
        Names.problem(name).ifPresent(reason -> errors.add(new FieldError("name", reason)));
        if (description != null && description.length() > 1024) {
            errors.add(new FieldError("description", "must be at most 1024 characters"));
        }
        members(groups, cluster, "vm", "vmIds", vmIds, errors);
        members(groups, cluster, "host", "hostIds", hostIds, errors);
        if (!errors.isEmpty()) {
            throw new BadRequestException("the affinity group is not valid", errors);
        }
        groups.findByName(cluster.id(), name).filter(other -> !other.id().equals(id)).ifPresent(other -> {
            throw new ConflictException("cluster %s has an affinity group named %s already".formatted(cluster.name(), name));
        });
        return new AffinityGroup(id, cluster.id(), name, description == null ? "" : description,
                positive == null || positive, enforcing == null || enforcing, new LinkedHashSet<>(vmIds),
                new LinkedHashSet<>(hostIds), version, createdAt);
    }

    private static void members(AffinityGroupRepository groups, Cluster cluster, String table, String field, List<UUID> ids,
                                List<FieldError> errors) {
        if (ids.stream().anyMatch(java.util.Objects::isNull)) {
            errors.add(new FieldError(field, "has an empty entry"));
            return;
        }
        Set<UUID> found = groups.existingIn(table, cluster.id(), ids);
        for (int i = 0; i < ids.size(); i++) {
            if (!found.contains(ids.get(i))) {
                errors.add(new FieldError("%s[%d]".formatted(field, i), "no %s %s in cluster %s"
                        .formatted(table.equals("vm") ? "VM" : "host", ids.get(i), cluster.name())));
            }
        }
    }

    private static ObjectRef ref(ClusterRepository clusters, UUID clusterId) {
        Cluster c = clusters.get(clusterId);
        return ObjectRef.cluster(c.id(), c.name());
    }

    record Create(AffinityGroupRepository groups, ClusterRepository clusters) implements Action<CreateInput, AffinityGroup> {
        public ObjectRef target(CreateInput in) {
            return ref(clusters, in.clusterId());
        }

        public AffinityGroup execute(CreateInput in) {
            Cluster c = clusters.get(in.clusterId());
            AffinityGroupInput g = in.group();
            AffinityGroup group = validated(groups, c, UUID.randomUUID(), g.name(), g.description(), g.positive(), g.enforcing(),
                    g.vmIds() == null ? List.of() : g.vmIds(), g.hostIds() == null ? List.of() : g.hostIds(), 0, Instant.now());
            groups.insert(group);
            return groups.get(c.id(), group.id());
        }

        public Audit audit(CreateInput in, AffinityGroup out) {
            return new Audit(ref(clusters, in.clusterId()), "Affinity group %s was created (%s, %d VMs, %d hosts)"
                    .formatted(out.name(), out.describe(), out.vmIds().size(), out.hostIds().size()));
        }
    }

    record Update(AffinityGroupRepository groups, ClusterRepository clusters) implements Action<UpdateInput, AffinityGroup> {
        public ObjectRef target(UpdateInput in) {
            return ref(clusters, in.clusterId());
        }

        public AffinityGroup execute(UpdateInput in) {
            Cluster c = clusters.get(in.clusterId());
            AffinityGroup old = groups.get(c.id(), in.id());
            AffinityGroupInput ch = in.change();
            if (ch.version() == null) {
                throw BadRequestException.field("version", "is required: send the version you read");
            }
            AffinityGroup group = validated(groups, c, old.id(), ch.name() == null ? old.name() : ch.name(),
                    ch.description() == null ? old.description() : ch.description(),
                    ch.positive() == null ? old.positive() : ch.positive(), ch.enforcing() == null ? old.enforcing() : ch.enforcing(),
                    ch.vmIds() == null ? List.copyOf(old.vmIds()) : ch.vmIds(), ch.hostIds() == null ? List.copyOf(old.hostIds()) : ch.hostIds(),
                    ch.version(), old.createdAt());
            groups.update(group);
            return groups.get(c.id(), group.id());
        }

        public Audit audit(UpdateInput in, AffinityGroup out) {
            return new Audit(ref(clusters, in.clusterId()), "Affinity group %s was updated (%s, %d VMs, %d hosts)"
                    .formatted(out.name(), out.describe(), out.vmIds().size(), out.hostIds().size()));
        }
    }

    record Delete(AffinityGroupRepository groups, ClusterRepository clusters) implements Action<DeleteInput, AffinityGroup> {
        public ObjectRef target(DeleteInput in) {
            return ref(clusters, in.clusterId());
        }

        public AffinityGroup execute(DeleteInput in) {
            AffinityGroup g = groups.get(in.clusterId(), in.id());
            groups.delete(g.id());
            return g;
        }

        public Audit audit(DeleteInput in, AffinityGroup out) {
            return new Audit(ref(clusters, in.clusterId()), "Affinity group %s was deleted".formatted(out.name()));
        }
    }
}
