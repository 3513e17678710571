package dev.flotilla.manager.identity;

import dev.flotilla.manager.api.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Bearer tokens for scripts: 32 random bytes, shown once; only their SHA-256 is stored (a token is
 * random, so a slow hash adds nothing). A token expires, can be revoked, and dies with its user.
 */
@Service
class ApiTokens {

    static final String PREFIX = "flt_";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A token as listed (no secret); {@code token} is set only in the answer that creates it. */
    record TokenResponse(UUID id, String username, String description, Instant createdAt, Instant expiresAt,
                         Instant revokedAt, String token) {
    }

    /** What a token may ask for: a description and a lifetime no longer than the configured one. */
    record TokenInput(String description, Long ttlMinutes) {
    }

    private final JdbcClient jdbc;
    private final Duration maxTtl;

    ApiTokens(JdbcClient jdbc, @Value("${flotilla.identity.token-ttl:PT12H}") Duration maxTtl) {
        this.jdbc = jdbc;
        this.maxTtl = maxTtl;
    }

    TokenResponse issue(String username, TokenInput in) {
        Duration ttl = maxTtl;
        if (in != null && in.ttlMinutes() != null) {
            if (in.ttlMinutes() < 1 || Duration.ofMinutes(in.ttlMinutes()).compareTo(maxTtl) > 0) {
                throw BadRequestException.field("ttlMinutes", "must be between 1 and %d".formatted(maxTtl.toMinutes()));
            }
            ttl = Duration.ofMinutes(in.ttlMinutes());
        }
        String description = in == null || in.description() == null ? "" : in.description();
        if (description.length() > 255) {
            throw BadRequestException.field("description", "must be at most 255 characters");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        UUID id = UUID.randomUUID();
        Instant expires = Instant.now().plus(ttl);
        jdbc.sql("""
                insert into api_token(id, secret_hash, user_id, description, expires_at)
                select :id, :h, u.id, :d, :e from app_user u where u.username = :u""")
                .param("id", id).param("h", hash(token)).param("d", description).param("e", Timestamp.from(expires))
                .param("u", username).update();
        TokenResponse saved = find(id).orElseThrow();
        return new TokenResponse(id, username, description, saved.createdAt(), expires, null, token);
    }

    /** The user a live token belongs to; empty for an unknown, expired or revoked token or a disabled user. */
    Optional<String> userOf(String token) {
        return jdbc.sql("""
                select u.username from api_token t join app_user u on u.id = t.user_id
                where t.secret_hash = :h and t.revoked_at is null and t.expires_at > now() and not u.disabled""")
                .param("h", hash(token)).query(String.class).optional();
    }

    List<TokenResponse> of(String username) {
        return jdbc.sql(SELECT + " where u.username = :u order by t.created_at desc").param("u", username).query(ApiTokens::row).list();
    }

    Optional<TokenResponse> find(UUID id) {
        return jdbc.sql(SELECT + " where t.id = :id").param("id", id).query(ApiTokens::row).optional();
    }

    void revoke(UUID id) {
        jdbc.sql("update api_token set revoked_at = now() where id = :id and revoked_at is null").param("id", id).update();
    }

    private static final String SELECT = """
            select t.id, u.username, t.description, t.created_at, t.expires_at, t.revoked_at
            from api_token t join app_user u on u.id = t.user_id""";

    private static TokenResponse row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new TokenResponse(rs.getObject("id", UUID.class), rs.getString("username"), rs.getString("description"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
                revoked == null ? null : revoked.toInstant(), null);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
