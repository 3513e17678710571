package dev.flotilla.manager.datacenter;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.events.ObjectRef;
import java.time.Instant;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Create, update and delete of data centers: three small actions sharing one repository. */
@Component
class DataCenterActions {

    final Create create;
    final Update update;
    final Delete delete;

    DataCenterActions(DataCenterRepository dcs, ClusterRepository clusters, ObjectProvider<DataCenterContents> contents) {
        this.create = new Create(dcs);
        this.update = new Update(dcs);
        this.delete = new Delete(dcs, clusters, contents);
    }

    static String description(String d) {
        if (d != null && d.length() > 1024) {
            throw BadRequestException.field("description", "must be at most 1024 characters");
        }
        return d == null ? "" : d;
    }

    record Create(DataCenterRepository dcs) implements Action<DataCenterInput, DataCenter> {
        public ObjectRef target(DataCenterInput in) {
            return ObjectRef.system();
        }

        public DataCenter execute(DataCenterInput in) {
            String name = Names.require("name", in.name());
            if (dcs.findByName(name).isPresent()) {
                throw new ConflictException("a data center named %s already exists".formatted(name));
            }
            DataCenter dc = new DataCenter(UUID.randomUUID(), name, description(in.description()), 0, Instant.now());
            dcs.insert(dc);
            return dcs.get(dc.id());
        }

        public Audit audit(DataCenterInput in, DataCenter out) {
            return new Audit(ObjectRef.dataCenter(out.id(), out.name()), "Data center %s was created".formatted(out.name()));
        }
    }

    record UpdateInput(UUID id, DataCenterInput change) {
    }

    record Update(DataCenterRepository dcs) implements Action<UpdateInput, DataCenter> {
        public ObjectRef target(UpdateInput in) {
            DataCenter dc = dcs.get(in.id());
            return ObjectRef.dataCenter(dc.id(), dc.name());
        }

        public DataCenter execute(UpdateInput in) {
            DataCenter dc = dcs.get(in.id());
            DataCenterInput c = in.change();
            if (c.version() == null) {
                throw BadRequestException.field("version", "is required: send the version you read");
            }
            String name = c.name() == null ? dc.name() : Names.require("name", c.name());
            dcs.findByName(name).filter(other -> !other.id().equals(dc.id())).ifPresent(other -> {
                throw new ConflictException("a data center named %s already exists".formatted(name));
            });
            dcs.update(new DataCenter(dc.id(), name, c.description() == null ? dc.description() : description(c.description()),
                    c.version(), dc.createdAt()));
            return dcs.get(dc.id());
        }

        public Audit audit(UpdateInput in, DataCenter out) {
            return new Audit(ObjectRef.dataCenter(out.id(), out.name()), "Data center %s was updated".formatted(out.name()));
        }
    }

    record Delete(DataCenterRepository dcs, ClusterRepository clusters, ObjectProvider<DataCenterContents> contents)
            implements Action<UUID, DataCenter> {
        public ObjectRef target(UUID id) {
            DataCenter dc = dcs.get(id);
            return ObjectRef.dataCenter(dc.id(), dc.name());
        }

        public DataCenter execute(UUID id) {
            DataCenter dc = dcs.get(id);
            long n = clusters.countInDataCenter(id);
            if (n > 0) {
                throw new ConflictException("data center %s still has %d cluster(s); delete them first".formatted(dc.name(), n));
            }
            contents.orderedStream().map(c -> c.blocksDeletion(id)).flatMap(java.util.Optional::stream).findFirst().ifPresent(why -> {
                throw new ConflictException("data center %s cannot be deleted: %s".formatted(dc.name(), why));
            });
            dcs.delete(id);
            return dc;
        }

        public Audit audit(UUID id, DataCenter out) {
            return new Audit(ObjectRef.dataCenter(out.id(), out.name()), "Data center %s was deleted".formatted(out.name()));
        }
    }
}
