package dev.flotilla.manager.ha;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The self-fencing lease every host gets (see the agent's SelfFence): renewed for each heartbeat
 * the manager hears, it runs from the moment the agent sent that heartbeat. So a host that went
 * silent has stopped its highly available VMs by {@code lastContact + lease}; the manager waits
 * longer still: the lease stretched by the worst clock-rate drift between the two machines, plus
 * a margin for the agent's check interval and for QEMU to die. A lease of zero turns it off.
 *
 * <p>The default 60 s is a trade-off: a manager that is away longer than the lease (a slow
 * upgrade) makes every host stop its HA VMs, as a cluster that lost quorum does.
 */
@Component
public class LeaseTerms {

    private final Duration lease;
    private final Duration margin;
    private final int driftPercent;
    private final JdbcClient jdbc;

    LeaseTerms(@Value("${flotilla.ha.lease:PT60S}") Duration lease, @Value("${flotilla.ha.lease-margin:PT10S}") Duration margin,
               @Value("${flotilla.ha.clock-drift-percent:1}") int driftPercent, JdbcClient jdbc) {
        this.lease = lease;
        this.margin = margin;
        this.driftPercent = driftPercent;
        this.jdbc = jdbc;
    }

    public boolean enabled() {
        return !lease.isZero() && !lease.isNegative();
    }

    public long leaseMs() {
        return enabled() ? lease.toMillis() : 0;
    }

    /** The first moment the host's HA VMs are surely stopped, counted from the last time it was heard. */
    public Instant safeAfter(Instant lastContact) {
        return safeAfter(lastContact, lease, margin, driftPercent);
    }

    static Instant safeAfter(Instant lastContact, Duration lease, Duration margin, int driftPercent) {
        long stretched = lease.toMillis() + (lease.toMillis() * driftPercent + 99) / 100;
        return lastContact.plusMillis(stretched).plus(margin);
    }

    /** The highly available VMs the database places on the host: the ones it must stop when its lease ends. */
    public List<String> haVmIdsOn(UUID hostId) {
        return jdbc.sql("select id from vm where highly_available and (host_id = :h or migrating_to = :h)")
                .param("h", hostId).query(UUID.class).list().stream().map(UUID::toString).toList();
    }
}
