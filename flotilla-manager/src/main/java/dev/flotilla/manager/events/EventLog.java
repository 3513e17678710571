package dev.flotilla.manager.events;

import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * Writes events. The user is taken from the security context of the calling thread ("system"
 * for the manager's own decisions: monitoring, reconciliation, timers).
 */
@Service
public class EventLog {

    public static final String SYSTEM_USER = "system";

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher publisher;

    EventLog(JdbcClient jdbc, ApplicationEventPublisher publisher) {
        this.jdbc = jdbc;
        this.publisher = publisher;
    }

    public void info(ObjectRef object, String message) {
        record(Severity.INFO, object, message);
    }

    public void warning(ObjectRef object, String message) {
        record(Severity.WARNING, object, message);
    }

    public void error(ObjectRef object, String message) {
        record(Severity.ERROR, object, message);
    }

    public void record(Severity severity, ObjectRef object, String message) {
        record(severity, object, message, currentUser());
    }

    /** For work done on behalf of a user outside a request of theirs (a console session authorised by a ticket). */
    public void record(Severity severity, ObjectRef object, String message, String user) {
        jdbc.sql("""
                insert into event(severity, object_type, object_id, object_name, username, message)
                values (:severity, :type, :id, :name, :user, :message)""")
                .param("severity", severity.label())
                .param("type", object.type().label())
                .param("id", object.id())
                .param("name", object.name() == null ? "" : object.name())
                .param("user", user)
                .param("message", message.length() > 4000 ? message.substring(0, 4000) + "…" : message)
                .update();
        publisher.publishEvent(new ObjectChanged(object.type(), object.id()));
    }

    /** The signed-in user of this thread, or "system". */
    public static String currentUser() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return Optional.ofNullable(auth)
                .filter(Authentication::isAuthenticated)
                .map(Authentication::getName)
                .filter(n -> !"anonymousUser".equals(n))
                .orElse(SYSTEM_USER);
    }

}
