package dev.flotilla.manager.identity;

import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.identity.access.AccessFilter;
import dev.flotilla.manager.identity.access.Access;
import dev.flotilla.manager.identity.access.ActionGroup;
import dev.flotilla.manager.identity.access.SecuredObject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/auth/token} (sign in with Basic, get a bearer token), the caller's tokens, revoke. */
@RestController
class TokenController {

    private final ApiTokens tokens;
    private final EventLog events;

    TokenController(ApiTokens tokens, EventLog events) {
        this.tokens = tokens;
        this.events = events;
    }

    @PostMapping("/api/v1/auth/token")
    @ResponseStatus(HttpStatus.CREATED)
    ApiTokens.TokenResponse issue(@RequestBody(required = false) ApiTokens.TokenInput in) {
        ApiTokens.TokenResponse t = tokens.issue(EventLog.currentUser(), in);
        events.info(ObjectRef.system(), "API token %s was issued to %s, valid until %s".formatted(t.id(), t.username(), t.expiresAt()));
        return t;
    }

    @GetMapping("/api/v1/auth/tokens")
    ListResponse<ApiTokens.TokenResponse> mine() {
        List<ApiTokens.TokenResponse> all = tokens.of(EventLog.currentUser());
        return new ListResponse<>(all, all.size());
    }

    /** The owner revokes its own tokens; a user manager anyone's. */
    @DeleteMapping("/api/v1/auth/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable UUID id, HttpServletRequest request) {
        ApiTokens.TokenResponse t = tokens.find(id).orElseThrow(() -> new NotFoundException("token", id));
        boolean own = t.username().equals(EventLog.currentUser());
        boolean manager = request.getAttribute(AccessFilter.ACCESS) instanceof Access a
                && a.may(ActionGroup.MANAGE_USERS, SecuredObject.SYSTEM);
        if (!own && !manager) {
            throw new NotFoundException("token", id);   // someone else's token is as good as absent
        }
        tokens.revoke(id);
        events.info(ObjectRef.system(), "API token %s of %s was revoked".formatted(id, t.username()));
    }
}
