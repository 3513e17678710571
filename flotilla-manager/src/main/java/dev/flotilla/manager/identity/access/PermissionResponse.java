package dev.flotilla.manager.identity.access;

import java.util.UUID;

/** A permission as the API shows it, with names beside the ids. */
public record PermissionResponse(UUID id, String principalType, UUID principalId, String principalName, UUID roleId,
                                 String roleName, String objectType, UUID objectId, String objectName) {
}
