package dev.flotilla.manager.events;

import java.time.Instant;
import java.util.UUID;

/** One line of the event log, as the API shows it. */
public record Event(long id, Instant time, String severity, String objectType, UUID objectId,
                    String objectName, String user, String message) {
}
