package dev.flotilla.agent.storage;

import java.util.Map;
import java.util.Objects;

/**
 * A CHAP user and secret for an iSCSI login. The secret never appears in {@link #toString()}, in a
 * command line (other users of the host can read those) or in an error message: tools get it
 * through libiscsi's environment variables, or, where one qemu-img needs two logins, as a secret
 * object read from a file only the agent's user can read ({@link CrossLoginCopy}).
 */
public record ChapCredentials(String user, String secret) {

    public ChapCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
        if (user.isBlank() || secret.isEmpty()) {
            throw new IllegalArgumentException("a CHAP login needs a user and a secret");
        }
        if (user.contains("%") || user.contains("@") || secret.contains("\0") || user.contains("\0")) {
            throw new IllegalArgumentException("a CHAP user must not contain '%', '@' or NUL");
        }
    }

    /** The variables libiscsi reads (in qemu-img, QEMU and libiscsi's own tools alike). */
    public Map<String, String> environment() {
        return Map.of("LIBISCSI_CHAP_USERNAME", user, "LIBISCSI_CHAP_PASSWORD", secret);
    }

    /** The text with every occurrence of the secret masked, for messages built from tool output. */
    public String redact(String text) {
        return text == null ? null : text.replace(secret, "***");
    }

    @Override
    public String toString() {
        return "ChapCredentials[user=" + user + ", secret=***]";
    }
}
