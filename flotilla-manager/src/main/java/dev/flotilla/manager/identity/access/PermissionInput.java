package dev.flotilla.manager.identity.access;

import java.util.UUID;

/** A new permission: exactly one of user or group (id or name@domain), a role (id or name) and the object. */
public record PermissionInput(String user, String group, String role, String objectType, UUID objectId) {
}
