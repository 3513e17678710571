package dev.flotilla.manager.agentlink;

import dev.flotilla.manager.api.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * One-time, expiring enrollment tokens. A token reads {@code <secret>.<ca-fingerprint>}: the
 * secret proves the agent may join; the fingerprint lets the agent check it talks to this
 * manager before it sends anything (kubeadm's discovery hash). Only a hash of the secret is stored.
 */
@Component
public class EnrollmentTokens {

    public record Issued(String token, Instant expiresAt) {
    }

    static final Duration MAX_TTL = Duration.ofDays(7);

    private final JdbcClient jdbc;
    private final CertificateAuthority ca;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    EnrollmentTokens(JdbcClient jdbc, CertificateAuthority ca, Clock clock) {
        this.jdbc = jdbc;
        this.ca = ca;
        this.clock = clock;
    }

    public Issued issue(Duration ttl, String createdBy) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw BadRequestException.field("ttlMinutes", "must be between 1 and " + MAX_TTL.toMinutes());
        }
        byte[] secret = new byte[20];
        random.nextBytes(secret);
        String secretHex = HexFormat.of().formatHex(secret);
        Instant expires = clock.instant().plus(ttl);
        jdbc.sql("insert into enrollment_token(id, secret_hash, created_by, expires_at) values (:id, :h, :u, :e)")
                .param("id", UUID.randomUUID()).param("h", hash(secretHex)).param("u", createdBy)
                .param("e", Timestamp.from(expires)).update();
        return new Issued(secretHex + "." + ca.fingerprint(), expires);
    }

    /** Uses the token up; false when it is unknown, used or expired. Accepts the whole token or just its secret. */
    boolean consume(String token, UUID hostId) {
        String secret = token.contains(".") ? token.substring(0, token.indexOf('.')) : token;
        return jdbc.sql("""
                update enrollment_token set used_at = :now, used_by_host = :host
                where secret_hash = :h and used_at is null and expires_at > :now""")
                .param("now", Timestamp.from(clock.instant())).param("host", hostId).param("h", hash(secret)).update() == 1;
    }

    private static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
