package dev.flotilla.manager.identity.access;

import java.util.UUID;

/** A permission: a role given to a user or a group on one object (and everything below it). */
public record Grant(UUID id, PrincipalType principalType, UUID principalId, UUID roleId, SecuredObject object) {

    public enum PrincipalType {
        USER, GROUP;

        public String label() {
            return name().toLowerCase();
        }
    }
}
