package dev.flotilla.manager.api;

import java.util.UUID;

/** The id names nothing: answers 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String kind, UUID id) {
        super("%s %s does not exist".formatted(kind, id));
    }

    public NotFoundException(String message) {
        super(message);
    }
}
