package dev.flotilla.manager.datacenter;

import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.api.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ClusterRepository {

    private final JdbcClient jdbc;

    ClusterRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public ListResponse<Cluster> list(UUID dataCenterId, PageRequest page) {
        String where = " where (cast(:dc as uuid) is null or datacenter_id = :dc)";
        var items = jdbc.sql("select * from cluster" + where + " order by name limit :l offset :o")
                .param("dc", dataCenterId).param("l", page.size()).param("o", page.offset())
                .query(ClusterRepository::map).list().stream().map(this::withParameters).toList();
        long total = jdbc.sql("select count(*) from cluster" + where).param("dc", dataCenterId).query(Long.class).single();
        return new ListResponse<>(items, total);
    }

    /** Every cluster, with its scheduling parameters (the balancing loop visits them all). */
    public java.util.List<Cluster> all() {
        return jdbc.sql("select * from cluster order by name").query(ClusterRepository::map).list().stream().map(this::withParameters).toList();
    }

    public Optional<Cluster> find(UUID id) {
        return jdbc.sql("select * from cluster where id = :id").param("id", id).query(ClusterRepository::map).optional().map(this::withParameters);
    }

    public Cluster get(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("cluster", id));
    }

    public Optional<Cluster> findByName(String name) {
        return jdbc.sql("select * from cluster where name = :n").param("n", name).query(ClusterRepository::map).optional().map(this::withParameters);
    }

    public long countInDataCenter(UUID dataCenterId) {
        return jdbc.sql("select count(*) from cluster where datacenter_id = :dc").param("dc", dataCenterId).query(Long.class).single();
    }

    public void insert(Cluster c) {
        jdbc.sql("""
                insert into cluster(id, datacenter_id, name, description, memory_overcommit_percent, cpu_overcommit_percent,
                                    scheduling_policy, cpu_model, resilience_policy)
                values (:id, :dc, :name, :d, :mem, :cpu, :sp, :cm, :rp)""")
                .param("id", c.id()).param("dc", c.dataCenterId()).param("name", c.name()).param("d", c.description())
                .param("mem", c.memoryOvercommitPercent()).param("cpu", c.cpuOvercommitPercent())
                .param("sp", c.schedulingPolicy()).param("cm", c.cpuModel()).param("rp", c.resiliencePolicy()).update();
        writeParameters(c);
    }

    private void writeParameters(Cluster c) {
        jdbc.sql("delete from cluster_scheduling_parameter where cluster_id = :id").param("id", c.id()).update();
        c.schedulingPolicyParameters().forEach((k, v) -> jdbc.sql(
                        "insert into cluster_scheduling_parameter(cluster_id, name, value) values (:id, :n, :v)")
                .param("id", c.id()).param("n", k).param("v", v).update());
    }

    private Cluster withParameters(Cluster c) {
        Map<String, Integer> params = new TreeMap<>();
        jdbc.sql("select name, value from cluster_scheduling_parameter where cluster_id = :id").param("id", c.id())
                .query((rs, n) -> params.put(rs.getString("name"), rs.getInt("value"))).list();
        return params.isEmpty() ? c : new Cluster(c.id(), c.dataCenterId(), c.name(), c.description(), c.memoryOvercommitPercent(),
                c.cpuOvercommitPercent(), c.schedulingPolicy(), params, c.cpuModel(), c.version(), c.createdAt(), c.resiliencePolicy());
    }

    public void update(Cluster c) {
        int n = jdbc.sql("""
                update cluster set name = :name, description = :d, memory_overcommit_percent = :mem,
                       cpu_overcommit_percent = :cpu, scheduling_policy = :sp, cpu_model = :cm, resilience_policy = :rp,
                       version = version + 1
                where id = :id and version = :v""")
                .param("id", c.id()).param("name", c.name()).param("d", c.description())
                .param("mem", c.memoryOvercommitPercent()).param("cpu", c.cpuOvercommitPercent())
                .param("sp", c.schedulingPolicy()).param("cm", c.cpuModel()).param("rp", c.resiliencePolicy())
                .param("v", c.version()).update();
        if (n == 0) {
            throw new ConflictException("cluster %s was changed by someone else (version %d is stale); read it again".formatted(c.name(), c.version()));
        }
        writeParameters(c);
    }

    /** Hosts and VMs that still belong to the cluster: a cluster with members cannot be deleted. */
    public long countMembers(UUID clusterId) {
        return jdbc.sql("select (select count(*) from host where cluster_id = :id) + (select count(*) from vm where cluster_id = :id)")
                .param("id", clusterId).query(Long.class).single();
    }

    public void delete(UUID id) {
        jdbc.sql("delete from cluster where id = :id").param("id", id).update();
    }

    private static Cluster map(ResultSet rs, int row) throws SQLException {
        return new Cluster(rs.getObject("id", UUID.class), rs.getObject("datacenter_id", UUID.class), rs.getString("name"),
                rs.getString("description"), rs.getInt("memory_overcommit_percent"), rs.getInt("cpu_overcommit_percent"),
                rs.getString("scheduling_policy"), null, rs.getString("cpu_model"), rs.getLong("version"), rs.getTimestamp("created_at").toInstant(),
                rs.getString("resilience_policy"));
    }
}
