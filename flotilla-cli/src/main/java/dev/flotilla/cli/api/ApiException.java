package dev.flotilla.cli.api;

import java.util.List;

/**
 * A request that did not succeed, already worded for the user. Unchecked so that commands stay
 * a straight line of calls; the root command's handler prints it and exits with 1.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final List<FieldError> errors;
    private final List<String> details;

    public ApiException(int status, String message, List<FieldError> errors) {
        this(status, message, errors, List.of());
    }

    /** {@code details}: the conflict's per-item reasons, e.g. each host and why it cannot run the VM. */
    public ApiException(int status, String message, List<FieldError> errors, List<String> details) {
        super(message);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.details = List.copyOf(details);
    }

    public ApiException(String message) {
        this(0, message, List.of());
    }

    public List<String> details() {
        return details;
    }

    /** The HTTP status, or 0 when no answer came back (or the failure is the CLI's own). */
    public int status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
