package dev.flotilla.manager.affinity;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The hosts each VM is pinned to (the PinToHost filter); a VM with none runs anywhere in its cluster. */
@Repository
public class VmPinRepository {

    private final JdbcClient jdbc;

    VmPinRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Pins of every pinned VM of the cluster, VM id to host ids. */
    public Map<UUID, Set<UUID>> inCluster(UUID clusterId) {
        Map<UUID, Set<UUID>> out = new HashMap<>();
        jdbc.sql("select p.vm_id, p.host_id from vm_pinned_host p join vm v on v.id = p.vm_id where v.cluster_id = :c")
                .param("c", clusterId)
                .query((rs, n) -> out.computeIfAbsent(rs.getObject("vm_id", UUID.class), k -> new HashSet<>())
                        .add(rs.getObject("host_id", UUID.class))).list();
        return out;
    }

    public List<UUID> of(UUID vmId) {
        return jdbc.sql("select host_id from vm_pinned_host where vm_id = :v order by host_id").param("v", vmId).query(UUID.class).list();
    }

    public void replace(UUID vmId, Set<UUID> hostIds) {
        jdbc.sql("delete from vm_pinned_host where vm_id = :v").param("v", vmId).update();
        jdbc.sql("insert into vm_pinned_host(vm_id, host_id) select :v, unnest(:h)").param("v", vmId)
                .param("h", hostIds.toArray(new UUID[0])).update();
    }
}
