package dev.flotilla.manager.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers recently verified passwords, per stored hash, as SHA-256 digests for a short while. HTTP
 * Basic sends the password with every call; running the adaptive hash each time would cost
 * ~100 ms of CPU per request and make the API unusable for scripts.
 */
final class VerifiedCredentials {

    private final ConcurrentHashMap<String, Instant> verified = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    VerifiedCredentials(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    boolean isFresh(String password, String storedHash) {
        Instant until = verified.get(key(password, storedHash));
        return until != null && until.isAfter(clock.instant());
    }

    void remember(String password, String storedHash) {
        if (verified.size() > 10_000) {
            verified.clear();
        }
        verified.put(key(password, storedHash), clock.instant().plus(ttl));
    }

    /** The stored hash is part of the key: it is per user, and a password change invalidates what was remembered. */
    private static String key(String password, String storedHash) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(password.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(storedHash.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
