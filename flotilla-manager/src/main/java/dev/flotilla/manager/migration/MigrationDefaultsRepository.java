package dev.flotilla.manager.migration;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Each cluster's own migration defaults; a cluster without a row has none (all the manager's). */
@Repository
class MigrationDefaultsRepository {

    private final JdbcClient jdbc;

    MigrationDefaultsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    MigrationDefaults of(UUID clusterId) {
        return jdbc.sql("select * from cluster_migration_defaults where cluster_id = :c").param("c", clusterId)
                .query((rs, n) -> new MigrationDefaults((Integer) rs.getObject("max_downtime_ms"), (Integer) rs.getObject("bandwidth_mibps"),
                        (Boolean) rs.getObject("auto_converge"), (Boolean) rs.getObject("post_copy")))
                .optional().orElse(MigrationDefaults.UNSET);
    }

    void save(UUID clusterId, MigrationDefaults d) {
        jdbc.sql("""
                insert into cluster_migration_defaults(cluster_id, max_downtime_ms, bandwidth_mibps, auto_converge, post_copy)
                values (:c, :d, :b, :a, :p)
                on conflict (cluster_id) do update set max_downtime_ms = :d, bandwidth_mibps = :b, auto_converge = :a, post_copy = :p""")
                .param("c", clusterId).param("d", d.maxDowntimeMs()).param("b", d.bandwidthMiBps())
                .param("a", d.autoConverge()).param("p", d.postCopy()).update();
    }
}
