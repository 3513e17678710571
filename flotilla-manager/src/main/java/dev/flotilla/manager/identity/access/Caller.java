package dev.flotilla.manager.identity.access;

import java.util.Set;
import java.util.UUID;

/** The signed-in user as permissions see it: the user and the groups it belongs to. */
public record Caller(String username, UUID userId, Set<UUID> groupIds) {

    public boolean holds(Grant grant) {
        return grant.principalType() == Grant.PrincipalType.USER ? grant.principalId().equals(userId)
                : groupIds.contains(grant.principalId());
    }
}
