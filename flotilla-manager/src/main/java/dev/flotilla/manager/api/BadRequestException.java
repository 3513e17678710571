package dev.flotilla.manager.api;

import java.util.List;

/** Input that cannot be accepted: answers 400 naming each field and why. Nothing was written. */
public class BadRequestException extends RuntimeException {

    private final List<FieldError> errors;

    public BadRequestException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    /** One 400 naming every field of {@code errors}, its detail "field: reason; field: reason". */
    public static BadRequestException of(List<FieldError> errors) {
        String detail = String.join("; ", errors.stream().map(e -> e.field() + ": " + e.reason()).toList());
        return new BadRequestException(detail, errors);
    }

    public static BadRequestException field(String field, String reason) {
        return new BadRequestException(field + ": " + reason, List.of(new FieldError(field, reason)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
