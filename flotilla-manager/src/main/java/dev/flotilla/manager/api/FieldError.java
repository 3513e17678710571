package dev.flotilla.manager.api;

/** One reason an input was refused, naming the field as the caller spelled it. */
public record FieldError(String field, String reason) {
}
