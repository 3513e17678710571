package dev.flotilla.agent.managerlink;

import java.util.Locale;

/**
 * A one-time enrollment token, {@code <secret>.<ca-sha256-hex>}. The second half pins the
 * manager's CA: an agent with a token can trust the manager before it has any certificate.
 *
 * @param text     the whole token, sent to the manager as is
 * @param caSha256 lowercase hex SHA-256 of the CA certificate's DER encoding
 */
public record EnrollmentToken(String text, String caSha256) {

    public static EnrollmentToken parse(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the enrollment token is empty");
        }
        String t = token.trim();
        int dot = t.lastIndexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException(
                    "the enrollment token must look like <secret>.<ca-sha256-hex>, but it has no '.'");
        }
        if (dot == 0) {
            throw new IllegalArgumentException("the enrollment token has no secret before the '.'");
        }
        String hash;
        try {
            hash = caHash(t.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the part of the enrollment token after the last '.' " + e.getMessage(), e);
        }
        return new EnrollmentToken(t, hash);
    }

    /** Validates a CA hash (as in --ca-hash) and returns it in lowercase; colons, as openssl prints them, are allowed. */
    public static String caHash(String hex) {
        String h = hex.trim().replace(":", "").toLowerCase(Locale.ROOT);
        if (h.length() != 64) {
            throw new IllegalArgumentException("must be a SHA-256 in hex (64 digits), but it has " + h.length() + " characters");
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                throw new IllegalArgumentException("must be a SHA-256 in hex, but '" + c + "' at position " + (i + 1) + " is not a hex digit");
            }
        }
        return h;
    }

    /** The secret is not printed: a token in a log is a token anyone can use. */
    @Override
    public String toString() {
        return "EnrollmentToken[****." + caSha256 + "]";
    }
}
