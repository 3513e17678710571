package dev.flotilla.manager.host;

import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.api.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class HostRepository {

    private final JdbcClient jdbc;

    HostRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Filter(HostStatus status, UUID clusterId, String name) {
        public static final Filter ALL = new Filter(null, null, null);
    }

    private static final String WHERE = """
             where (cast(:status as varchar) is null or status = :status)
               and (cast(:cluster as uuid) is null or cluster_id = :cluster)
               and (cast(:name as varchar) is null or name = :name)""";

    public ListResponse<Host> list(Filter f, PageRequest page) {
        var items = bind(jdbc.sql("select * from host " + WHERE + " order by name limit :l offset :o"), f)
                .param("l", page.size()).param("o", page.offset()).query(HostRepository::map).list();
        long total = bind(jdbc.sql("select count(*) from host " + WHERE), f).query(Long.class).single();
        return new ListResponse<>(items, total);
    }

    public List<Host> all() {
        return jdbc.sql("select * from host order by name").query(HostRepository::map).list();
    }

    public List<Host> withStatus(HostStatus status) {
        return jdbc.sql("select * from host where status = :s order by name").param("s", status.name()).query(HostRepository::map).list();
    }

    public List<Host> inCluster(UUID clusterId) {
        return jdbc.sql("select * from host where cluster_id = :c").param("c", clusterId).query(HostRepository::map).list();
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec s, Filter f) {
        return s.param("status", f.status() == null ? null : f.status().name()).param("cluster", f.clusterId()).param("name", f.name());
    }

    public Optional<Host> find(UUID id) {
        return jdbc.sql("select * from host where id = :id").param("id", id).query(HostRepository::map).optional();
    }

    public Host get(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("host", id));
    }

    public Optional<Host> findByName(String name) {
        return jdbc.sql("select * from host where name = :n").param("n", name).query(HostRepository::map).optional();
    }

    public void insert(Host h) {
        jdbc.sql("""
                insert into host(id, cluster_id, name, status, status_reason, csr_pem) values (:id, :c, :n, :s, :r, :csr)""")
                .param("id", h.id()).param("c", h.clusterId()).param("n", h.name()).param("s", h.status().name())
                .param("r", h.statusReason()).param("csr", h.csrPem()).update();
        updateFacts(h.id(), h.facts());
    }

    /** Moves the host to a new status if it is still in {@code expected}; false when someone else moved it first. */
    public boolean changeStatus(UUID id, HostStatus expected, HostStatus next, String reason) {
        expected.requireTransitionTo(next);
        return jdbc.sql("update host set status = :n, status_reason = :r, version = version + 1 where id = :id and status = :e")
                .param("n", next.name()).param("r", reason).param("id", id).param("e", expected.name()).update() == 1;
    }

    public void updateFacts(UUID id, HostFacts f) {
        jdbc.sql("""
                update host set cpu_model = :cm, cpu_cores = :cc, memory_mib = :mem, driver = :d, accel = :a,
                       hypervisor_version = :hv, os = :os, kernel = :k, address = :addr where id = :id""")
                .param("cm", f.cpuModel()).param("cc", f.cpuCores()).param("mem", f.memoryMiB()).param("d", f.driver())
                .param("a", f.accel()).param("hv", f.hypervisorVersion()).param("os", f.os()).param("k", f.kernel())
                .param("addr", f.address()).param("id", id).update();
    }

    public void updateCsr(UUID id, String csrPem) {
        jdbc.sql("update host set csr_pem = :csr where id = :id").param("csr", csrPem).param("id", id).update();
    }

    /** VMs placed on each host (running or on their way), for lists and for the maintenance check. */
    public java.util.Map<UUID, Long> vmCounts() {
        java.util.Map<UUID, Long> counts = new java.util.HashMap<>();
        jdbc.sql("select host_id, count(*) as n from vm where host_id is not null group by host_id")
                .query((rs, row) -> counts.put(rs.getObject("host_id", UUID.class), rs.getLong("n"))).list();
        return counts;
    }

    /** The same, for the given hosts only (one page of a list): uses the host index instead of counting every VM. */
    public java.util.Map<UUID, Long> vmCounts(java.util.Collection<UUID> hostIds) {
        java.util.Map<UUID, Long> counts = new java.util.HashMap<>();
        jdbc.sql("select host_id, count(*) as n from vm where host_id = any(:ids) group by host_id")
                .param("ids", hostIds.toArray(new UUID[0]))
                .query((rs, row) -> counts.put(rs.getObject("host_id", UUID.class), rs.getLong("n"))).list();
        return counts;
    }

    /** Changes the reason of the host's status while it is still {@code status}. */
    public void updateReason(UUID id, HostStatus status, String reason) {
        jdbc.sql("update host set status_reason = :r where id = :id and status = :s and status_reason <> :r")
                .param("r", reason.length() > 1000 ? reason.substring(0, 1000) + "…" : reason)
                .param("id", id).param("s", status.name()).update();
    }

    public List<String> vmNamesOn(UUID hostId) {
        return jdbc.sql("select name from vm where host_id = :h order by name").param("h", hostId).query(String.class).list();
    }

    public void delete(UUID id) {
        int n = jdbc.sql("delete from host where id = :id").param("id", id).update();
        if (n == 0) {
            throw new ConflictException("host %s was deleted by someone else".formatted(id));
        }
    }

    private static Host map(ResultSet rs, int row) throws SQLException {
        HostFacts facts = new HostFacts("", rs.getString("cpu_model"), rs.getInt("cpu_cores"), rs.getLong("memory_mib"),
                rs.getString("driver"), rs.getString("accel"), rs.getString("hypervisor_version"), rs.getString("os"),
                rs.getString("kernel"), rs.getString("address"));
        return new Host(rs.getObject("id", UUID.class), rs.getObject("cluster_id", UUID.class), rs.getString("name"),
                HostStatus.valueOf(rs.getString("status")), rs.getString("status_reason"), facts, rs.getString("csr_pem"),
                rs.getLong("version"), rs.getTimestamp("created_at").toInstant());
    }
}
