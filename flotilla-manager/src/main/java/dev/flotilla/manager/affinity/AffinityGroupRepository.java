package dev.flotilla.manager.affinity;

import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.scheduling.AffinityGroup;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class AffinityGroupRepository {

    private final JdbcClient jdbc;

    AffinityGroupRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every group of the cluster with its members, in three queries whatever their number. */
    public List<AffinityGroup> inCluster(UUID clusterId) {
        List<AffinityGroup> bare = jdbc.sql("select * from affinity_group where cluster_id = :c order by name")
                .param("c", clusterId).query(AffinityGroupRepository::map).list();
        if (bare.isEmpty()) {
            return List.of();
        }
        Map<UUID, Set<UUID>> vms = members("select g.id, m.vm_id as member from affinity_group g join affinity_group_vm m on m.group_id = g.id where g.cluster_id = :c", clusterId);
        Map<UUID, Set<UUID>> hosts = members("select g.id, m.host_id as member from affinity_group g join affinity_group_host m on m.group_id = g.id where g.cluster_id = :c", clusterId);
        return bare.stream().map(g -> withMembers(g, vms.getOrDefault(g.id(), Set.of()), hosts.getOrDefault(g.id(), Set.of()))).toList();
    }

    public Optional<AffinityGroup> find(UUID clusterId, UUID id) {
        return inCluster(clusterId).stream().filter(g -> g.id().equals(id)).findFirst();
    }

    public AffinityGroup get(UUID clusterId, UUID id) {
        return find(clusterId, id).orElseThrow(() -> new NotFoundException("affinity group", id));
    }

    public Optional<AffinityGroup> findByName(UUID clusterId, String name) {
        return inCluster(clusterId).stream().filter(g -> g.name().equals(name)).findFirst();
    }

    public void insert(AffinityGroup g) {
        jdbc.sql("""
                insert into affinity_group(id, cluster_id, name, description, positive, enforcing)
                values (:id, :c, :n, :d, :p, :e)""")
                .param("id", g.id()).param("c", g.clusterId()).param("n", g.name()).param("d", g.description())
                .param("p", g.positive()).param("e", g.enforcing()).update();
        writeMembers(g);
    }

    public void update(AffinityGroup g) {
        int n = jdbc.sql("""
                update affinity_group set name = :n, description = :d, positive = :p, enforcing = :e, version = version + 1
                where id = :id and version = :v""")
                .param("id", g.id()).param("n", g.name()).param("d", g.description()).param("p", g.positive())
                .param("e", g.enforcing()).param("v", g.version()).update();
        if (n == 0) {
            throw new ConflictException("affinity group %s was changed by someone else (version %d is stale); read it again"
                    .formatted(g.name(), g.version()));
        }
        writeMembers(g);
    }

    public void delete(UUID id) {
        jdbc.sql("delete from affinity_group where id = :id").param("id", id).update();
    }

    /** Of {@code ids}, those that are VMs (or hosts: {@code table} "vm" or "host") of the cluster. */
    public Set<UUID> existingIn(String table, UUID clusterId, List<UUID> ids) {
        if (!table.equals("vm") && !table.equals("host")) {
            throw new IllegalArgumentException(table);
        }
        return new HashSet<>(jdbc.sql("select id from " + table + " where cluster_id = :c and id = any(:ids)")
                .param("c", clusterId).param("ids", ids.toArray(new UUID[0])).query(UUID.class).list());
    }

    private void writeMembers(AffinityGroup g) {
        jdbc.sql("delete from affinity_group_vm where group_id = :id").param("id", g.id()).update();
        jdbc.sql("delete from affinity_group_host where group_id = :id").param("id", g.id()).update();
        jdbc.sql("insert into affinity_group_vm(group_id, vm_id) select :id, unnest(:m)")
                .param("id", g.id()).param("m", g.vmIds().toArray(new UUID[0])).update();
        jdbc.sql("insert into affinity_group_host(group_id, host_id) select :id, unnest(:m)")
                .param("id", g.id()).param("m", g.hostIds().toArray(new UUID[0])).update();
    }

    private Map<UUID, Set<UUID>> members(String sql, UUID clusterId) {
        Map<UUID, Set<UUID>> out = new HashMap<>();
        jdbc.sql(sql).param("c", clusterId).query((rs, n) -> out.computeIfAbsent(rs.getObject("id", UUID.class), k -> new HashSet<>())
                .add(rs.getObject("member", UUID.class))).list();
        return out;
    }

    private static AffinityGroup withMembers(AffinityGroup g, Set<UUID> vms, Set<UUID> hosts) {
        return new AffinityGroup(g.id(), g.clusterId(), g.name(), g.description(), g.positive(), g.enforcing(), vms, hosts,
                g.version(), g.createdAt());
    }

    private static AffinityGroup map(ResultSet rs, int row) throws SQLException {
        return new AffinityGroup(rs.getObject("id", UUID.class), rs.getObject("cluster_id", UUID.class), rs.getString("name"),
                rs.getString("description"), rs.getBoolean("positive"), rs.getBoolean("enforcing"), Set.of(), Set.of(),
                rs.getLong("version"), rs.getTimestamp("created_at").toInstant());
    }
}
