package dev.flotilla.manager.identity;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** The internal domain's users, read from the database. */
@Service
class InternalUsers implements UserDetailsService {

    private final JdbcClient jdbc;

    InternalUsers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        String hash = jdbc.sql("select password_hash from app_user where username = :u").param("u", username)
                .query(String.class).optional()
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
        return new User(username, hash, List.of(new SimpleGrantedAuthority("ROLE_SUPERUSER")));
    }
}
