package dev.flotilla.manager.identity;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.events.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;
import org.springframework.stereotype.Component;

/**
 * Lock-out: after {@code flotilla.identity.max-failed-logins} wrong passwords in a row a user is
 * locked for {@code flotilla.identity.lockout}; the lock and each refused attempt while locked are
 * events. A good password resets the count. Counting happens for every domain's users the manager knows.
 */
@Component
class LoginAttempts {

    private final JdbcClient jdbc;
    private final EventLog events;
    private final int maxFailures;
    private final Duration lockout;
    /** When each user's good login was last written: HTTP Basic signs in on every call, the row needs it once a minute. */
    private final Map<String, Long> recorded = new ConcurrentHashMap<>();
    private static final long RECORD_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    LoginAttempts(JdbcClient jdbc, EventLog events,
                  @Value("${flotilla.identity.max-failed-logins:5}") int maxFailures,
                  @Value("${flotilla.identity.lockout:PT15M}") Duration lockout) {
        this.jdbc = jdbc;
        this.events = events;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
    }

    @EventListener
    void failed(AuthenticationFailureBadCredentialsEvent e) {
        String name = e.getAuthentication().getName();
        if (LoginNames.unusable(name)) {
            return;   // no user holds such a name: nothing to count
        }
        recorded.remove(name.toLowerCase());
        Integer failures = jdbc.sql("""
                update app_user set failed_logins = failed_logins + 1 where lower(username) = lower(:u)
                returning failed_logins""").param("u", name).query(Integer.class).optional().orElse(null);
        if (failures == null) {
            return;
        }
        if (failures >= maxFailures) {
            jdbc.sql("update app_user set locked_until = :t, failed_logins = 0 where lower(username) = lower(:u)")
                    .param("t", java.sql.Timestamp.from(Instant.now().plus(lockout))).param("u", name).update();
            events.record(Severity.WARNING, ObjectRef.system(), "User %s was locked for %d minutes after %d failed logins"
                    .formatted(name, lockout.toMinutes(), failures), EventLog.SYSTEM_USER);
        }
    }

    @EventListener
    void refusedWhileLocked(AuthenticationFailureLockedEvent e) {
        events.record(Severity.WARNING, ObjectRef.system(), "Login of locked user %s was refused"
                .formatted(e.getAuthentication().getName()), EventLog.SYSTEM_USER);
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent e) {
        String name = e.getAuthentication().getName().toLowerCase();
        long now = System.nanoTime();
        Long last = recorded.get(name);
        if (last != null && now - last < RECORD_EVERY_NANOS) {
            return;     // no failure since the last write (a failure forgets it) and last_login_at is fresh
        }
        if (recorded.size() > 10_000) {
            recorded.clear();
        }
        recorded.put(name, now);
        jdbc.sql("""
                update app_user set failed_logins = 0, last_login_at = now()
                where lower(username) = lower(:u) and (failed_logins > 0 or last_login_at is null or last_login_at < now() - interval '1 minute')""")
                .param("u", e.getAuthentication().getName()).update();
    }
}
