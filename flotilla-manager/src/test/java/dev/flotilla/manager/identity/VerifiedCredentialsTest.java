package dev.flotilla.manager.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

class VerifiedCredentialsTest {

    @Test
    void rememberedPasswordIsBoundToTheStoredHash() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        var early = new VerifiedCredentials(Duration.ofMinutes(5), Clock.fixed(t0, ZoneOffset.UTC));
        early.remember("pw", "hash-1");

        assertThat(early.isFresh("pw", "hash-1")).isTrue();
        assertThat(early.isFresh("pw", "hash-2")).isFalse();
        assertThat(early.isFresh("other", "hash-1")).isFalse();
    }

    @Test
    void cachingEncoderStillRefusesAWrongPassword() {
        var encoder = new CachingPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
        String hash = encoder.encode("right");

        assertThat(encoder.matches("right", hash)).isTrue();
        assertThat(encoder.matches("right", hash)).isTrue();
        assertThat(encoder.matches("wrong", hash)).isFalse();
    }
}
