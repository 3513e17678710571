package dev.flotilla.manager.ha;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A VM's HA restart priority (column vm.ha_priority): 0 to 100, higher restarts first; oVirt's low/medium/high are 1/50/100. */
@Component
public class HaPriorities {

    private final JdbcClient jdbc;

    HaPriorities(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public int of(UUID vmId) {
        return jdbc.sql("select ha_priority from vm where id = :id").param("id", vmId).query(Integer.class).optional().orElse(1);
    }

    public boolean set(UUID vmId, boolean enabled, int priority) {
        return jdbc.sql("update vm set highly_available = :e, ha_priority = :p, version = version + 1 where id = :id")
                .param("e", enabled).param("p", priority).param("id", vmId).update() == 1;
    }
}
