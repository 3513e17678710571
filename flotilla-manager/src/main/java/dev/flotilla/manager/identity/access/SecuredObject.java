package dev.flotilla.manager.identity.access;

import java.util.UUID;

/** One object permissions can be granted on; System has no id. */
public record SecuredObject(SecuredType type, UUID id) {

    public static final SecuredObject SYSTEM = new SecuredObject(SecuredType.SYSTEM, null);

    public static SecuredObject of(SecuredType type, UUID id) {
        return type == SecuredType.SYSTEM ? SYSTEM : new SecuredObject(type, id);
    }

    @Override
    public String toString() {
        return type == SecuredType.SYSTEM ? "system" : type.label() + " " + id;
    }
}
