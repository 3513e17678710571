package dev.flotilla.manager.powersaving;

import dev.flotilla.manager.host.HostPresence;
import dev.flotilla.manager.host.HostStatus;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The hosts of a cluster as power saving sees them, and the {@code power_saving_host} table of what it switched. */
@Repository
class PowerSavingHosts {

    private final JdbcClient jdbc;
    private final HostPresence presence;
    private final Clock clock;

    PowerSavingHosts(JdbcClient jdbc, HostPresence presence, Clock clock) {
        this.jdbc = jdbc;
        this.presence = presence;
        this.clock = clock;
    }

    List<HostPowerView> inCluster(UUID clusterId) {
        return jdbc.sql("""
                select h.id, h.name, h.status, pm.host_id is not null as pm, coalesce(pm.policy_control, false) as pc, pm.last_test_ok,
                       (select count(*) from vm v where v.host_id = h.id or v.migrating_to = h.id) as vms, ps.state, ps.changed_at
                from host h left join host_power_management pm on pm.host_id = h.id left join power_saving_host ps on ps.host_id = h.id
                where h.cluster_id = :c order by h.name""").param("c", clusterId).query((rs, n) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    String state = rs.getString("state");
                    return new HostPowerView(id, rs.getString("name"), HostStatus.valueOf(rs.getString("status")), presence.isConnected(id),
                            rs.getBoolean("pm"), rs.getBoolean("pc"), (Boolean) rs.getObject("last_test_ok"), rs.getInt("vms"),
                            state == null ? null : PowerSavingState.valueOf(state),
                            rs.getTimestamp("changed_at") == null ? null : rs.getTimestamp("changed_at").toInstant());
                }).list();
    }

    /** VMs placed on the host or migrating to it; counted again under the cluster's placement lock before a power off. */
    int vmsOn(UUID hostId) {
        return jdbc.sql("select count(*) from vm where host_id = :h or migrating_to = :h").param("h", hostId).query(Integer.class).single();
    }

    /** Holds the cluster's placement lock (the one VM starts and migrations take) until the transaction ends. */
    void lockPlacements(UUID clusterId) {
        jdbc.sql("select pg_advisory_xact_lock(:k)").param("k", clusterId.getMostSignificantBits()).query(Object.class).list();
    }

    void set(UUID hostId, PowerSavingState state, String reason) {
        jdbc.sql("""
                insert into power_saving_host (host_id, state, reason, changed_at) values (:h, :s, :r, :now)
                on conflict (host_id) do update set state = :s, reason = :r, changed_at = :now""")
                .param("h", hostId).param("s", state.name()).param("r", reason).param("now", Timestamp.from(clock.instant())).update();
    }

    void clear(UUID hostId) {
        jdbc.sql("delete from power_saving_host where host_id = :h").param("h", hostId).update();
    }

    boolean any() {
        return jdbc.sql("select exists (select 1 from power_saving_host)").query(Boolean.class).single();
    }

    /**
     * Forgets hosts that are no longer power saving's: one an admin took out of Maintenance while
     * power saving had it off, and ones it switched on longer than {@code keepOn} ago.
     */
    void forgetSettled(Duration keepOn) {
        jdbc.sql("""
                delete from power_saving_host ps using host h where h.id = ps.host_id
                and ((ps.state <> 'On' and ps.state <> 'PoweringOff' and h.status not in ('Maintenance'))
                     or (ps.state = 'On' and ps.changed_at < :before))""")
                .param("before", Timestamp.from(clock.instant().minus(keepOn))).update();
    }
}
