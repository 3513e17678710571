package dev.flotilla.manager.identity;

/**
 * What a user name typed at login may not hold: control characters (NUL above all). No user is
 * named so, PostgreSQL refuses NUL in text (a 500 if it got that far), and logs should not carry
 * them; such a name is a wrong name, refused before any query or directory search.
 */
public final class LoginNames {

    private LoginNames() {
    }

    public static boolean unusable(String name) {
        return name == null || name.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f);
    }
}
