package dev.flotilla.manager.scheduling;

import dev.flotilla.manager.api.ConflictException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Custom scheduling policies; the built-in ones live in {@link SchedulingPolicy} and are never stored. */
@Repository
public class SchedulingPolicyRepository {

    private final JdbcClient jdbc;

    SchedulingPolicyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Row(UUID id, String name, String description, String balancer, long version) {
    }

    public List<SchedulingPolicy> listCustom() {
        return jdbc.sql("select id, name, description, balancer, version from scheduling_policy order by name")
                .query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("description"), rs.getString("balancer"), rs.getLong("version")))
                .list().stream().map(this::load).toList();
    }

    public Optional<SchedulingPolicy> findCustom(String name) {
        return jdbc.sql("select id, name, description, balancer, version from scheduling_policy where name = :n").param("n", name)
                .query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("description"), rs.getString("balancer"), rs.getLong("version")))
                .optional().map(this::load);
    }

    /** A built-in policy or a custom one by name. */
    public Optional<SchedulingPolicy> find(String name) {
        return SchedulingPolicy.builtIn(name).or(() -> findCustom(name));
    }

    public void insert(SchedulingPolicy p) {
        jdbc.sql("insert into scheduling_policy(id, name, description, balancer) values (:id, :n, :d, :b)")
                .param("id", p.id()).param("n", p.name()).param("d", p.description()).param("b", p.balancer()).update();
        writeParts(p);
    }

    /** Replaces the policy (optimistic: {@code p.version()} must be the stored one) and renames the clusters' references. */
    public void update(SchedulingPolicy p, String oldName) {
        int n = jdbc.sql("update scheduling_policy set name = :n, description = :d, balancer = :b, version = version + 1 where id = :id and version = :v")
                .param("id", p.id()).param("n", p.name()).param("d", p.description()).param("b", p.balancer()).param("v", p.version()).update();
        if (n == 0) {
            throw new ConflictException("scheduling policy %s was changed by someone else (version %d is stale); read it again"
                    .formatted(oldName, p.version()));
        }
        jdbc.sql("delete from scheduling_policy_unit where policy_id = :id").param("id", p.id()).update();
        jdbc.sql("delete from scheduling_policy_parameter where policy_id = :id").param("id", p.id()).update();
        writeParts(p);
        if (!oldName.equals(p.name())) {
            jdbc.sql("update cluster set scheduling_policy = :n where scheduling_policy = :o").param("n", p.name()).param("o", oldName).update();
        }
    }

    public void delete(UUID id) {
        jdbc.sql("delete from scheduling_policy where id = :id").param("id", id).update();
    }

    /** Names of the clusters that use the policy. */
    public List<String> clustersUsing(String name) {
        return jdbc.sql("select name from cluster where scheduling_policy = :n order by name").param("n", name).query(String.class).list();
    }

    private void writeParts(SchedulingPolicy p) {
        int pos = 0;
        for (String f : p.filters()) {
            jdbc.sql("insert into scheduling_policy_unit(policy_id, type, name, position) values (:id, 'filter', :n, :p)")
                    .param("id", p.id()).param("n", f).param("p", pos++).update();
        }
        for (SchedulingPolicy.WeightedScorer s : p.scorers()) {
            jdbc.sql("insert into scheduling_policy_unit(policy_id, type, name, weight, position) values (:id, 'score', :n, :w, :p)")
                    .param("id", p.id()).param("n", s.name()).param("w", s.weight()).param("p", pos++).update();
        }
        p.parameters().forEach((k, v) -> jdbc.sql("insert into scheduling_policy_parameter(policy_id, name, value) values (:id, :n, :v)")
                .param("id", p.id()).param("n", k).param("v", v).update());
    }

    private SchedulingPolicy load(Row r) {
        List<String> filters = new ArrayList<>();
        List<SchedulingPolicy.WeightedScorer> scorers = new ArrayList<>();
        jdbc.sql("select type, name, weight from scheduling_policy_unit where policy_id = :id order by position").param("id", r.id())
                .query((rs, n) -> {
                    if (rs.getString("type").equals("filter")) {
                        filters.add(rs.getString("name"));
                    } else {
                        scorers.add(new SchedulingPolicy.WeightedScorer(rs.getString("name"), rs.getInt("weight")));
                    }
                    return null;
                }).list();
        Map<String, Integer> params = new LinkedHashMap<>();
        jdbc.sql("select name, value from scheduling_policy_parameter where policy_id = :id order by name").param("id", r.id())
                .query((rs, n) -> params.put(rs.getString("name"), rs.getInt("value"))).list();
        return new SchedulingPolicy(r.id(), r.name(), r.description(), filters, scorers, r.balancer(), params, r.version());
    }
}
