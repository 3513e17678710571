package dev.flotilla.cli.api;

/** One entry of a problem+json {@code errors} array: which input field was wrong and why. */
public record FieldError(String field, String reason) {}
