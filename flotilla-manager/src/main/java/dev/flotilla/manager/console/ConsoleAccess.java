package dev.flotilla.manager.console;

import java.time.Instant;
import java.util.UUID;

/**
 * A console ticket as the API answers it: the single-use {@code ticket}, the websocket to use it
 * on, when it expires, and the session it would take over (null when nobody has the console).
 */
public record ConsoleAccess(String ticket, String sessionId, UUID vmId, String vmName, Instant expiresAt,
                            String websocketPath, ConsoleSessions.View takesOver) {
}
