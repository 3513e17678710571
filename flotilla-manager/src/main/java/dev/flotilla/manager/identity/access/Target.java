package dev.flotilla.manager.identity.access;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * How a route rule finds the object a request touches: from a path variable, from a field of the
 * request body (a create names its parent there), or not at all. {@link Scope} says how the caller's
 * roles are matched against it.
 */
public record Target(Scope scope, SecuredType type, String name) {

    /** OBJECT: roles on the object or above; ANYWHERE: a role holding the group on any object; PUBLIC: no check. */
    public enum Scope { OBJECT, BODY, BODY_OBJECT, PERMISSION, ANYWHERE, PUBLIC }

    /** What a target needs from the request and the database to name its object. */
    public interface Request {
        Map<String, String> pathVariables();

        /** A top-level field of a JSON body or a form parameter. */
        Optional<String> field(String name);

        /** The object a permission is granted on, when the permission exists. */
        Optional<SecuredObject> objectOfPermission(UUID permissionId);
    }

    public static Target system() {
        return new Target(Scope.OBJECT, SecuredType.SYSTEM, null);
    }

    public static Target path(SecuredType type, String variable) {
        return new Target(Scope.OBJECT, type, variable);
    }

    public static Target vm(String variable) {
        return path(SecuredType.VM, variable);
    }

    public static Target host(String variable) {
        return path(SecuredType.HOST, variable);
    }

    public static Target cluster(String variable) {
        return path(SecuredType.CLUSTER, variable);
    }

    /** The parent named in the body (System when the field is absent: the stricter choice). */
    public static Target body(SecuredType type, String field) {
        return new Target(Scope.BODY, type, field);
    }

    /** The object named by the body's {@code objectType} and {@code objectId} (a new permission's object). */
    public static Target bodyObject() {
        return new Target(Scope.BODY_OBJECT, null, null);
    }

    /** The object a permission (its id in the path) is on. */
    public static Target permission(String variable) {
        return new Target(Scope.PERMISSION, null, variable);
    }

    public static Target anywhere() {
        return new Target(Scope.ANYWHERE, null, null);
    }

    public static Target open() {
        return new Target(Scope.PUBLIC, null, null);
    }

    /** The object, or empty for ANYWHERE and PUBLIC; a malformed id names System (the controller answers 400). */
    public Optional<SecuredObject> find(Request request) {
        return switch (scope) {
            case ANYWHERE, PUBLIC -> Optional.empty();
            case OBJECT -> Optional.of(type == SecuredType.SYSTEM ? SecuredObject.SYSTEM
                    : object(type, request.pathVariables().get(name)));
            case BODY -> Optional.of(request.field(name).map(v -> object(type, v)).orElse(SecuredObject.SYSTEM));
            case BODY_OBJECT -> Optional.of(request.field("objectType").flatMap(SecuredType::parse)
                    .map(t -> t == SecuredType.SYSTEM ? SecuredObject.SYSTEM : object(t, request.field("objectId").orElse(null)))
                    .orElse(SecuredObject.SYSTEM));
            case PERMISSION -> Optional.of(uuid(request.pathVariables().get(name))
                    .flatMap(request::objectOfPermission).orElse(SecuredObject.SYSTEM));
        };
    }

    private static SecuredObject object(SecuredType type, String id) {
        return uuid(id).map(u -> SecuredObject.of(type, u)).orElse(SecuredObject.SYSTEM);
    }

    static Optional<UUID> uuid(String s) {
        try {
            return s == null ? Optional.empty() : Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** For rules whose action group depends on a path variable, e.g. the console's {@code /vms/{id}/{action}}. */
    static Function<Map<String, String>, ActionGroup> byVariable(String variable, Map<String, ActionGroup> groups,
                                                                 ActionGroup otherwise) {
        return vars -> groups.getOrDefault(vars.getOrDefault(variable, ""), otherwise);
    }
}
