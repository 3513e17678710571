package dev.flotilla.manager.api;

import java.util.List;

/** Input that cannot be accepted: answers 400 naming each field and why. Nothing was written. */
public class BadRequestException extends RuntimeException {

    private final List<FieldError> errors;

    public BadRequestException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public static BadRequestException field(String field, String reason) {
        return new BadRequestException(field + ": " + reason, List.of(new FieldError(field, reason)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
