package dev.flotilla.manager.identity;

import java.util.Optional;

/**
 * What an internal password must be: at least 10 characters, at least three kinds of character
 * (lower case, upper case, digits, others) and not the user's name. Length matters most (NIST
 * SP 800-63B); the mix rules out the worst dictionary words.
 */
final class PasswordPolicy {

    static final int MIN_LENGTH = 10;

    private PasswordPolicy() {
    }

    /** Why the password is refused, or empty when it is fine. */
    static Optional<String> check(String username, String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return Optional.of("must be at least %d characters".formatted(MIN_LENGTH));
        }
        if (password.length() > 256) {
            return Optional.of("must be at most 256 characters");
        }
        int kinds = (password.chars().anyMatch(Character::isLowerCase) ? 1 : 0)
                + (password.chars().anyMatch(Character::isUpperCase) ? 1 : 0)
                + (password.chars().anyMatch(Character::isDigit) ? 1 : 0)
                + (password.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0);
        if (kinds < 3) {
            return Optional.of("must mix at least three of: lower case, upper case, digits, other characters");
        }
        String local = username == null ? "" : username.split("@")[0].toLowerCase();
        if (!local.isEmpty() && password.toLowerCase().contains(local)) {
            return Optional.of("must not contain the user name");
        }
        return Optional.empty();
    }
}
