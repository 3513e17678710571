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
                                                  options, proxy_preference, policy_control, updated_at)
                values (:h, :t, :a, :p, :u, :pw, :l, :c, :o, :pp, :pc, now())
                on conflict (host_id) do update set agent_type = :t, address = :a, port = :p, username = :u, password_sealed = :pw,
                       lanplus = :l, cipher = :c, options = :o, proxy_preference = :pp, policy_control = :pc,
                       updated_at = now()""")
                .param("h", pm.hostId()).param("t", pm.agentType()).param("a", pm.address()).param("p", pm.port())
                .param("u", pm.username()).param("pw", pm.passwordSealed()).param("l", pm.lanplus()).param("c", pm.cipher())
                .param("o", pm.options()).param("pp", String.join(",", pm.proxyPreference())).param("pc", pm.policyControl()).update();
    }

    boolean delete(UUID hostId) {
        return jdbc.sql("delete from host_power_management where host_id = :h").param("h", hostId).update() == 1;
    }

    private static PowerManagement map(ResultSet rs, int row) throws SQLException {
        List<String> prefs = Arrays.stream(rs.getString("proxy_preference").split(",")).filter(s -> !s.isBlank()).toList();
        return new PowerManagement(rs.getObject("host_id", UUID.class), rs.getString("agent_type"), rs.getString("address"),
                rs.getInt("port"), rs.getString("username"), rs.getString("password_sealed"), rs.getBoolean("lanplus"),
                rs.getString("cipher"), rs.getString("options"), prefs, rs.getBoolean("policy_control"));
    }

    /** The last power status test of the host: its outcome and what the BMC or the proxy said. */
    public Optional<LastTest> lastTest(UUID hostId) {
        return jdbc.sql("select last_test_ok, last_test_at, last_test_message from host_power_management where host_id = :h and last_test_at is not null")
                .param("h", hostId).query((rs, n) -> new LastTest(rs.getBoolean(1), rs.getTimestamp(2).toInstant(), rs.getString(3))).optional();
    }

    /** Remembers a test's outcome (a power saving pre-check counts too): a failed one keeps power saving away from the host. */
    public void recordTest(UUID hostId, boolean ok, String message) {
        jdbc.sql("update host_power_management set last_test_ok = :ok, last_test_at = now(), last_test_message = :m where host_id = :h")
                .param("ok", ok).param("m", message.length() > 1000 ? message.substring(0, 1000) : message).param("h", hostId).update();
    }

    public record LastTest(boolean ok, java.time.Instant at, String message) {
    }
}
