package dev.flotilla.manager.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/**
 * The internal domain's users, read from the database: a disabled user cannot sign in, a locked
 * one (see {@link LoginAttempts}) not until its lock expires. What a user may do is decided by its
 * permissions, not by these authorities.
 */
@Service
class InternalUsers implements UserDetailsService {

    private final JdbcClient jdbc;

    InternalUsers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        if (LoginNames.unusable(username)) {
            throw new UsernameNotFoundException("no such user");
        }
        String name = username != null && !username.contains("@") ? username + "@internal" : username;
        record Row(String hash, boolean disabled, Timestamp lockedUntil) {
        }
        Row row = jdbc.sql("select password_hash, disabled, locked_until from app_user where username = :u and domain = 'internal'")
                .param("u", name)
                .query((rs, n) -> new Row(rs.getString(1), rs.getBoolean(2), rs.getTimestamp(3))).optional()
                .filter(r -> r.hash() != null)
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
        boolean locked = row.lockedUntil() != null && row.lockedUntil().toInstant().isAfter(Instant.now());
        return User.withUsername(name).password(row.hash()).disabled(row.disabled()).accountLocked(locked)
                .authorities(List.of(new SimpleGrantedAuthority("ROLE_USER"))).build();
    }
}
