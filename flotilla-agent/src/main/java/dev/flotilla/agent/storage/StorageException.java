package dev.flotilla.agent.storage;

import dev.flotilla.agent.driver.DriverException;

/**
 * A storage operation that could not be carried out. It is a {@link DriverException} so whoever
 * runs agent commands reports it like any other driver failure; {@link #problem()} says which
 * kind of failure it is, for a caller that reacts differently to, say, a wrong secret and an
 * unreachable server.
 */
public final class StorageException extends DriverException {

    /** What went wrong; each maps to the driver error code the manager already understands. */
    public enum Problem {
        /** The server or portal does not answer, or refuses the connection. */
        UNREACHABLE(Code.DRIVER_FAILURE),
        /** The NFS server does not export the path. */
        NO_SUCH_EXPORT(Code.INVALID_SPEC),
        /** The server knows the export or target but refuses this host. */
        ACCESS_DENIED(Code.INVALID_SPEC),
        /** The iSCSI portal offers no such target. */
        NO_SUCH_TARGET(Code.INVALID_SPEC),
        /** The iSCSI target has no such LUN. */
        NO_SUCH_LUN(Code.INVALID_SPEC),
        /** The iSCSI target refused the login: CHAP missing or wrong. */
        LOGIN_FAILED(Code.INVALID_SPEC),
        /** A path, file or volume that should exist does not. */
        NOT_FOUND(Code.INVALID_SPEC),
        /** A volume that should not exist yet does. */
        ALREADY_EXISTS(Code.WRONG_STATE),
        /** The request itself is wrong (a bad name, a shrinking resize, a size the LUN cannot hold). */
        INVALID_REQUEST(Code.INVALID_SPEC),
        /** The storage is full. */
        NO_SPACE(Code.DRIVER_FAILURE),
        /** A tool did not finish within its deadline. */
        TIMEOUT(Code.DRIVER_FAILURE),
        /** A tool this host needs is not installed. */
        TOOL_MISSING(Code.DRIVER_FAILURE),
        /** A tool failed for a reason not classified above; the message quotes it. */
        TOOL_FAILED(Code.DRIVER_FAILURE);

        private final Code code;

        Problem(Code code) {
            this.code = code;
        }

        public Code code() {
            return code;
        }
    }

    private final Problem problem;

    public StorageException(Problem problem, String message) {
        super(problem.code(), message);
        this.problem = problem;
    }

    public StorageException(Problem problem, String message, Throwable cause) {
        super(problem.code(), message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
