package dev.flotilla.manager.identity;

import dev.flotilla.manager.identity.access.PredefinedRoles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Makes sure {@code admin@internal} exists. Its password comes from FLOTILLA_ADMIN_PASSWORD when
 * set (applied at every start, so the environment wins); otherwise one is generated on the first
 * start, stored hashed in the database and in clear in {@code <data-dir>/admin-password} (0600)
 * so that {@code ./flotilla up} can print it again. It holds SuperUser on System.
 */
@Component
@Order(-10)
class AdminAccount implements ApplicationRunner {

    static final String ADMIN = "admin@internal";
    private static final Logger log = LoggerFactory.getLogger(AdminAccount.class);
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final String configuredPassword;
    private final Path dataDir;

    AdminAccount(JdbcClient jdbc, PasswordEncoder encoder,
                 @Value("${flotilla.admin-password:${FLOTILLA_ADMIN_PASSWORD:}}") String configuredPassword,
                 @Value("${flotilla.data-dir}") Path dataDir) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.configuredPassword = configuredPassword;
        this.dataDir = dataDir;
    }

    @Override
    public void run(ApplicationArguments args) {
        boolean exists = jdbc.sql("select count(*) from app_user where username = :u").param("u", ADMIN).query(Long.class).single() > 0;
        if (!configuredPassword.isBlank()) {
            save(configuredPassword, exists);
            log.info("{} uses the password from FLOTILLA_ADMIN_PASSWORD", ADMIN);
        } else if (!exists) {
            String generated = generate();
            save(generated, false);
            writePasswordFile(generated);
            log.info("Generated a password for {}; it is stored in {}", ADMIN, dataDir.resolve("admin-password"));
        }
        grantSuperUser();
        // a restart is the way out when someone locked admin@internal out by guessing: nobody else may be able to unlock it
        jdbc.sql("update app_user set locked_until = null, failed_logins = 0 where username = :u").param("u", ADMIN).update();
    }

    /** admin@internal always holds SuperUser on System, so a manager can never be left without an administrator. */
    private void grantSuperUser() {
        jdbc.sql("""
                insert into permission(id, principal_type, principal_id, role_id, object_type, object_id, created_by)
                select :id, 'user', u.id, :role, 'system', null, 'system' from app_user u where u.username = :u
                on conflict do nothing""")
                .param("id", UUID.randomUUID()).param("role", PredefinedRoles.SUPER_USER.id()).param("u", ADMIN).update();
    }

    private void save(String password, boolean exists) {
        String sql = exists ? "update app_user set password_hash = :h where username = :u"
                : "insert into app_user(id, username, password_hash) values (:id, :u, :h)";
        var stmt = jdbc.sql(sql).param("u", ADMIN).param("h", encoder.encode(password));
        if (!exists) {
            stmt = stmt.param("id", UUID.randomUUID());
        }
        stmt.update();
    }

    private void writePasswordFile(String password) {
        try {
            Files.createDirectories(dataDir);
            Path file = dataDir.resolve("admin-password");
            Files.writeString(file, password + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not store the generated admin password in " + dataDir, e);
        }
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
