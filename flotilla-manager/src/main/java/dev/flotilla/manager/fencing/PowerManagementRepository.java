package dev.flotilla.manager.fencing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class PowerManagementRepository {

    private final JdbcClient jdbc;

    PowerManagementRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<PowerManagement> find(UUID hostId) {
        return jdbc.sql("select * from host_power_management where host_id = :h").param("h", hostId)
                .query(PowerManagementRepository::map).optional();
    }

    void save(PowerManagement pm) {
        jdbc.sql("""
                insert into host_power_management(host_id, agent_type, address, port, username, password_sealed, lanplus, cipher,
                                                  options, proxy_preference, updated_at)
                values (:h, :t, :a, :p, :u, :pw, :l, :c, :o, :pp, now())
                on conflict (host_id) do update set agent_type = :t, address = :a, port = :p, username = :u, password_sealed = :pw,
                       lanplus = :l, cipher = :c, options = :o, proxy_preference = :pp, updated_at = now()""")
                .param("h", pm.hostId()).param("t", pm.agentType()).param("a", pm.address()).param("p", pm.port())
                .param("u", pm.username()).param("pw", pm.passwordSealed()).param("l", pm.lanplus()).param("c", pm.cipher())
                .param("o", pm.options()).param("pp", String.join(",", pm.proxyPreference())).update();
    }

    boolean delete(UUID hostId) {
        return jdbc.sql("delete from host_power_management where host_id = :h").param("h", hostId).update() == 1;
    }

    private static PowerManagement map(ResultSet rs, int row) throws SQLException {
        List<String> prefs = Arrays.stream(rs.getString("proxy_preference").split(",")).filter(s -> !s.isBlank()).toList();
        return new PowerManagement(rs.getObject("host_id", UUID.class), rs.getString("agent_type"), rs.getString("address"),
                rs.getInt("port"), rs.getString("username"), rs.getString("password_sealed"), rs.getBoolean("lanplus"),
                rs.getString("cipher"), rs.getString("options"), prefs);
    }
}
