package dev.flotilla.manager.events;

import java.util.UUID;

/** Published (as a Spring application event) whenever an object or the event log changed. */
public record ObjectChanged(ObjectType type, UUID id) {
}
