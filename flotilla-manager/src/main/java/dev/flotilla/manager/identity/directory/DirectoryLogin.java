package dev.flotilla.manager.identity.directory;

import dev.flotilla.manager.identity.access.AccessCache;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signs in {@code user@domain} against the directory domain of that name, then copies the user and
 * its groups into the manager (group membership is replaced at every login, so the directory
 * stays the source of truth). A name whose domain is not a directory is left to the internal domain.
 * Good answers are remembered for a few minutes because HTTP Basic sends the password with every call.
 */
@Component
public class DirectoryLogin implements AuthenticationProvider {

    private static final Duration REMEMBER = Duration.ofMinutes(2);

    private final LdapDomainStore domains;
    private final JdbcClient jdbc;
    private final AccessCache access;
    private final TransactionTemplate tx;
    private final DirectoryClient client = new DirectoryClient();
    private final ConcurrentHashMap<String, Long> recent = new ConcurrentHashMap<>();

    DirectoryLogin(LdapDomainStore domains, JdbcClient jdbc, TransactionTemplate tx, AccessCache access) {
        this.access = access;
        this.domains = domains;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    @Override
    public Authentication authenticate(Authentication auth) {
        String name = auth.getName() == null ? "" : auth.getName().trim();
        if (dev.flotilla.manager.identity.LoginNames.unusable(name)) {
            return null;   // the internal domain refuses it as a wrong name, before any query
        }
        int at = name.lastIndexOf('@');
        if (at <= 0) {
            return null;
        }
        Optional<LdapDomain> domain = domains.named(name.substring(at + 1));
        if (domain.isEmpty()) {
            return null;
        }
        String login = name.substring(0, at);
        String username = login.toLowerCase() + "@" + domain.get().name().toLowerCase();
        String password = auth.getCredentials() == null ? "" : auth.getCredentials().toString();
        checkNotLocked(username);
        String key = VerifiedKey.of(username, password);
        Long until = recent.get(key);
        if (until == null || until < System.currentTimeMillis()) {
            DirectoryUser user;
            try {
                user = client.authenticate(domain.get(), login, password)
                        .orElseThrow(() -> new BadCredentialsException("wrong user name or password"));
            } catch (DirectoryException e) {
                // the internal kind stops the provider chain, so the caller hears about the directory, not "wrong password"
                throw new InternalAuthenticationServiceException(e.getMessage() + " (internal users can still sign in)", e);
            }
            tx.executeWithoutResult(s -> remember(username, domain.get().name().toLowerCase(), user));
            if (recent.size() > 10_000) {
                recent.clear();
            }
            recent.put(key, System.currentTimeMillis() + REMEMBER.toMillis());
        }
        var token = new UsernamePasswordAuthenticationToken(username, null, List.of(new SimpleGrantedAuthority("ROLE_USER")));
        token.setDetails(auth.getDetails());
        return token;
    }

    private void checkNotLocked(String username) {
        jdbc.sql("select disabled, locked_until > now() as locked from app_user where username = :u").param("u", username)
                .query((rs, n) -> new boolean[] {rs.getBoolean(1), rs.getBoolean(2)}).optional().ifPresent(s -> {
                    if (s[0]) {
                        throw new DisabledException("user is disabled");
                    }
                    if (s[1]) {
                        throw new LockedException("user is locked after repeated failed logins");
                    }
                });
    }

    /** The user and its groups as the directory says now. */
    private void remember(String username, String domain, DirectoryUser user) {
        UUID userId = jdbc.sql("""
                insert into app_user(id, username, domain, display_name, email) values (:id, :u, :d, :n, :e)
                on conflict (username) do update set display_name = :n, email = :e returning id""")
                .param("id", UUID.randomUUID()).param("u", username).param("d", domain).param("n", user.displayName())
                .param("e", user.email()).query(UUID.class).single();
        jdbc.sql("delete from group_member where user_id = :u").param("u", userId).update();
        for (String group : user.groups()) {
            String groupName = group.toLowerCase() + "@" + domain;
            UUID groupId = jdbc.sql("""
                    insert into app_group(id, name, domain) values (:id, :n, :d)
                    on conflict (name) do update set domain = :d returning id""")
                    .param("id", UUID.randomUUID()).param("n", groupName).param("d", domain).query(UUID.class).single();
            jdbc.sql("insert into group_member(group_id, user_id) values (:g, :u) on conflict do nothing")
                    .param("g", groupId).param("u", userId).update();
        }
        access.changed();
    }

    /** A cache key that holds no password: a SHA-256 over user and password. */
    static final class VerifiedKey {
        private VerifiedKey() {
        }

        static String of(String user, String password) {
            try {
                var sha = java.security.MessageDigest.getInstance("SHA-256");
                sha.update(user.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return java.util.HexFormat.of().formatHex(sha.digest());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
