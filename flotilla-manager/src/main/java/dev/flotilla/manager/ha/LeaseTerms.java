package dev.flotilla.manager.ha;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The self-fencing lease every host gets (see the agent's SelfFence), and the one set of figures
 * both sides count with: they travel to the agent in every LeaseRenewal. Renewed for each heartbeat
 * the manager hears, the lease runs from the moment the agent SENT that heartbeat; the agent checks
 * it every {@code check-interval} and starts killing its highly available VMs one check interval
 * plus the {@code kill-budget} before it ends, so they are dead by {@code lastContact + lease}. The
 * manager waits longer still: the lease stretched by the worst clock-rate drift between the two
 * machines, plus a margin for a starved agent that overran its kill budget. A lease of zero turns
 * it off.
 *
 * <p>The default 60 s is a trade-off: a manager that is away longer than the lease (a slow
 * upgrade) makes every host stop its HA VMs, as a cluster that lost quorum does.
 */
@Component
public class LeaseTerms {

    private final Duration lease;
    private final Duration margin;
    private final int driftPercent;
    private final Duration checkInterval;
    private final Duration killBudget;
    private final JdbcClient jdbc;

    LeaseTerms(@Value("${flotilla.ha.lease:PT60S}") Duration lease, @Value("${flotilla.ha.lease-margin:PT10S}") Duration margin,
               @Value("${flotilla.ha.clock-drift-percent:1}") int driftPercent,
               @Value("${flotilla.ha.check-interval:PT0.25S}") Duration checkInterval,
               @Value("${flotilla.ha.kill-budget:PT5S}") Duration killBudget, JdbcClient jdbc) {
        this.lease = lease;
        this.margin = margin;
        this.driftPercent = driftPercent;
        this.checkInterval = checkInterval;
        this.killBudget = killBudget;
        this.jdbc = jdbc;
        if (enabled() && lease.compareTo(checkInterval.plus(killBudget).multipliedBy(2)) < 0) {
            // the agent would fence half-way through every lease: a healthy host must not lose its VMs to bad figures
            throw new IllegalArgumentException("flotilla.ha.lease (%s) must be at least twice flotilla.ha.check-interval + flotilla.ha.kill-budget (%s)"
                    .formatted(lease, checkInterval.plus(killBudget)));
        }
        if (margin.isNegative() || driftPercent < 0) {
            throw new IllegalArgumentException("flotilla.ha.lease-margin and flotilla.ha.clock-drift-percent must not be negative");
        }
    }

    public long checkIntervalMs() {
        return checkInterval.toMillis();
    }

    public long killBudgetMs() {
        return killBudget.toMillis();
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
