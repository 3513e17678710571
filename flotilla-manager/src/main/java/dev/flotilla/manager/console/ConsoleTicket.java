package dev.flotilla.manager.console;

import java.time.Instant;
import java.util.UUID;

/**
 * The right to open one console session of one VM, once, before {@code expiresAt}. The ticket
 * string is the secret; {@code sessionId} names the session it will open (not secret: it appears
 * in events and in the agent's console stream).
 */
public record ConsoleTicket(String ticket, String sessionId, UUID vmId, String vmName, String user, Instant expiresAt) {
}
