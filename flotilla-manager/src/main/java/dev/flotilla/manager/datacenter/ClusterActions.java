package dev.flotilla.manager.datacenter;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.events.ObjectRef;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Create, update and delete of clusters. */
@Component
class ClusterActions {

    final Create create;
    final Update update;
    final Delete delete;

    ClusterActions(ClusterRepository clusters, DataCenterRepository dcs) {
        this.create = new Create(clusters, dcs);
        this.update = new Update(clusters);
        this.delete = new Delete(clusters);
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

    record Create(ClusterRepository clusters, DataCenterRepository dcs) implements Action<ClusterInput, Cluster> {
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
            Cluster c = new Cluster(UUID.randomUUID(), in.dataCenterId(), name, DataCenterActions.description(in.description()),
                    percent("memoryOvercommitPercent", in.memoryOvercommitPercent(), 100, 100, 400),
                    percent("cpuOvercommitPercent", in.cpuOvercommitPercent(), 400, 100, 10000), 0, Instant.now());
            clusters.insert(c);
            return clusters.get(c.id());
        }

        public Audit audit(ClusterInput in, Cluster out) {
            return new Audit(ObjectRef.cluster(out.id(), out.name()), "Cluster %s was created".formatted(out.name()));
        }
    }

    record UpdateInput(UUID id, ClusterInput change) {
    }

    record Update(ClusterRepository clusters) implements Action<UpdateInput, Cluster> {
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
            clusters.update(new Cluster(c.id(), c.dataCenterId(), name,
                    ch.description() == null ? c.description() : DataCenterActions.description(ch.description()),
                    percent("memoryOvercommitPercent", ch.memoryOvercommitPercent(), c.memoryOvercommitPercent(), 100, 400),
                    percent("cpuOvercommitPercent", ch.cpuOvercommitPercent(), c.cpuOvercommitPercent(), 100, 10000),
                    ch.version(), c.createdAt()));
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
