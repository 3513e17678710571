package dev.flotilla.manager.database;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the database. With {@code flotilla.db.url} set (env FLOTILLA_DB_URL) the manager uses
 * that PostgreSQL; otherwise it starts an embedded PostgreSQL whose data lives in
 * {@code <data-dir>/postgres} and survives restarts.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfig.class);

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(@Value("${flotilla.db.url:}") String url,
                                      @Value("${flotilla.data-dir}") Path dataDir,
                                      @Value("${flotilla.db.embedded-port:0}") int port) {
        if (!url.isBlank()) {
            return EmbeddedDatabase.none();
        }
        try {
            Path pgData = dataDir.toAbsolutePath().resolve("postgres");
            Files.createDirectories(pgData);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "200");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres pg = builder.start();
            log.info("Embedded PostgreSQL running on port {} with its data in {}", pg.getPort(), pgData);
            return new EmbeddedDatabase(pg);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    @Bean
    DataSource dataSource(EmbeddedDatabase embedded,
                          @Value("${flotilla.db.url:}") String url,
                          @Value("${flotilla.db.user:}") String user,
                          @Value("${flotilla.db.password:}") String password,
                          @Value("${flotilla.db.pool-size:40}") int poolSize) {
        HikariDataSource ds = new HikariDataSource();
        if (url.isBlank()) {
            ds.setJdbcUrl(embedded.jdbcUrl());
            ds.setUsername("postgres");
        } else {
            ds.setJdbcUrl(url);
            ds.setUsername(user);
            ds.setPassword(password);
        }
        ds.setMaximumPoolSize(poolSize);
        ds.setPoolName("flotilla");
        return ds;
    }
}
