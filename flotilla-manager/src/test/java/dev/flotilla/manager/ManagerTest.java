package dev.flotilla.manager;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole manager on a random HTTP port with its real embedded PostgreSQL. Every test class
 * uses exactly this, so Spring starts the manager (and the database) once for all of them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "flotilla.data-dir=target/test-data/manager")
@ActiveProfiles("test")
public @interface ManagerTest {
}
