package dev.flotilla.manager.api;

import java.util.List;

/**
 * The request is well formed but the object's state forbids it (start a VM that is Up, a stale
 * version, no host fits): answers 409. {@code details} carries per-item reasons, e.g. each
 * host and the filter that rejected it.
 */
public class ConflictException extends RuntimeException {

    private final List<String> details;

    public ConflictException(String message) {
        this(message, List.of());
    }

    public ConflictException(String message, List<String> details) {
        super(message);
        this.details = List.copyOf(details);
    }

    public List<String> details() {
        return details;
    }
}
