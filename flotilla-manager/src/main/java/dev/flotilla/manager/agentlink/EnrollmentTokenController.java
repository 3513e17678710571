package dev.flotilla.manager.agentlink;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class EnrollmentTokenController {

    /** Body of {@code POST /api/v1/hosts/enrollment-tokens}; default lifetime one hour. */
    record TokenRequest(Integer ttlMinutes) {
    }

    private final EnrollmentTokens tokens;
    private final EventLog events;

    EnrollmentTokenController(EnrollmentTokens tokens, EventLog events) {
        this.tokens = tokens;
        this.events = events;
    }

    @PostMapping("/api/v1/hosts/enrollment-tokens")
    @ResponseStatus(HttpStatus.CREATED)
    EnrollmentTokens.Issued issue(@RequestBody(required = false) TokenRequest in) {
        int minutes = in == null || in.ttlMinutes() == null ? 60 : in.ttlMinutes();
        EnrollmentTokens.Issued issued = tokens.issue(Duration.ofMinutes(minutes), EventLog.currentUser());
        events.info(ObjectRef.system(), "An enrollment token valid until %s was issued".formatted(issued.expiresAt()));
        return issued;
    }
}
