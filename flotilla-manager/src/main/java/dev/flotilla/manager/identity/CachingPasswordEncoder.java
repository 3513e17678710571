package dev.flotilla.manager.identity;

import java.time.Clock;
import java.time.Duration;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The adaptive hash, with {@link VerifiedCredentials} in front of {@code matches} (see there for why). */
final class CachingPasswordEncoder implements PasswordEncoder {

    private final PasswordEncoder delegate;
    private final VerifiedCredentials verified = new VerifiedCredentials(Duration.ofMinutes(5), Clock.systemUTC());

    CachingPasswordEncoder(PasswordEncoder delegate) {
        this.delegate = delegate;
    }

    @Override
    public String encode(CharSequence raw) {
        return delegate.encode(raw);
    }

    @Override
    public boolean matches(CharSequence raw, String encoded) {
        if (raw == null || encoded == null) {
            return false;
        }
        String password = raw.toString();
        if (verified.isFresh(password, encoded)) {
            return true;
        }
        boolean ok = delegate.matches(raw, encoded);
        if (ok) {
            verified.remember(password, encoded);
        }
        return ok;
    }
}
