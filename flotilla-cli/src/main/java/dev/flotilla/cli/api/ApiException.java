package dev.flotilla.cli.api;

import java.util.List;

/**
 * A request that did not succeed, already worded for the user. Unchecked so that commands stay
 * a straight line of calls; the root command's handler prints it and exits with 1.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final List<FieldError> errors;

    public ApiException(int status, String message, List<FieldError> errors) {
        super(message);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public ApiException(String message) {
        this(0, message, List.of());
    }

    /** The HTTP status, or 0 when no answer came back (or the failure is the CLI's own). */
    public int status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
