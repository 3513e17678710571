package dev.flotilla.manager.migration;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.datacenter.Cluster;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.events.ObjectRef;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * A cluster's migration defaults, as oVirt keeps a migration policy and bandwidth per cluster:
 * what it sets itself, and what a migration of one of its VMs uses when the call sets nothing.
 */
@Service
public class ClusterMigrationDefaults {

    /** The answer of {@code GET/PUT /clusters/{id}/migrationdefaults}: the cluster's own settings and the ones in effect. */
    public record View(UUID clusterId, String clusterName, MigrationDefaults own, MigrationView.Parameters effective) {
    }

    private final ClusterRepository clusters;
    private final MigrationDefaultsRepository repository;
    private final ActionRunner actions;
    private final MigrationView.Parameters managerDefaults;

    ClusterMigrationDefaults(ClusterRepository clusters, MigrationDefaultsRepository repository, ActionRunner actions,
                             ManagerMigrationSettings settings) {
        this.clusters = clusters;
        this.repository = repository;
        this.actions = actions;
        this.managerDefaults = settings.parameters();
    }

    public View get(UUID clusterId) {
        Cluster cluster = clusters.get(clusterId);
        MigrationDefaults own = repository.of(clusterId);
        return new View(cluster.id(), cluster.name(), own, own.over(managerDefaults));
    }

    /** Replaces the cluster's own settings (a field left out or null goes back to the manager's). */
    public View set(UUID clusterId, MigrationDefaults in) {
        MigrationDefaults valid = (in == null ? MigrationDefaults.UNSET : in).validated();
        actions.run(new SetDefaults(), new SetInput(clusters.get(clusterId), valid));
        return get(clusterId);
    }

    /** What a migration in the cluster uses for each setting the call leaves out. */
    MigrationView.Parameters forCluster(UUID clusterId) {
        return repository.of(clusterId).over(managerDefaults);
    }

    private record SetInput(Cluster cluster, MigrationDefaults defaults) {
    }

    private final class SetDefaults implements Action<SetInput, Void> {
        public ObjectRef target(SetInput in) {
            return ObjectRef.cluster(in.cluster().id(), in.cluster().name());
        }

        public Void execute(SetInput in) {
            repository.save(in.cluster().id(), in.defaults());
            return null;
        }

        public Audit audit(SetInput in, Void out) {
            return new Audit(target(in), "Migration defaults of cluster %s set: %s".formatted(in.cluster().name(), in.defaults().describe()));
        }
    }
}
