package dev.flotilla.manager.storage;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.FieldError;
import java.util.List;

/**
 * Turns a host's refusal into the API's answer. What the caller typed wrong (an export the server
 * does not have, a CHAP secret the target refuses, a path that is not there) is a 400 naming the
 * field; what is wrong with the world (the server is down, the host did not answer, the storage
 * is full) is a 409. Either way the message is the host's own sentence.
 */
final class StorageRefusals {

    private StorageRefusals() {
    }

    /** The field of a new domain's input that a problem of this kind points at, or null when it is no input error. */
    static String field(StorageType type, StorageConnection connection, String problem) {
        return switch (problem) {
            case "NO_SUCH_EXPORT" -> "nfs.export";
            case "NO_SUCH_TARGET", "NO_SUCH_LUN" -> "iscsi.target";
            case "LOGIN_FAILED" -> connection.hasChap() ? "iscsi.chapSecret" : "iscsi.chapUser";
            case "NOT_FOUND", "INVALID_REQUEST" -> switch (type) {
                case NFS -> "nfs.export";
                case ISCSI -> "iscsi.target";
                case POSIX, LOCAL -> "path";
            };
            case "ACCESS_DENIED" -> type == StorageType.POSIX || type == StorageType.LOCAL ? "path" : null;
            default -> null;
        };
    }

    /** The refusal of a check of a domain's connection (create, activate, LUN discovery). */
    static RuntimeException ofConnection(StorageType type, StorageConnection connection, String prefix, StorageAnswer answer) {
        String message = prefix + ": " + answer.message();
        String field = field(type, connection, answer.problem());
        if (field == null) {
            return new ConflictException(message);
        }
        return new BadRequestException(message, List.of(new FieldError(field, answer.message())));
    }
}
