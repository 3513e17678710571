package dev.flotilla.manager.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user as the API shows it (never its password hash). */
public record UserResponse(UUID id, String username, String domain, String displayName, String email, boolean disabled,
                           Instant lockedUntil, Instant lastLoginAt, List<String> groups) {
}
