package nl.certflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

class VerifiedPasswordCacheTest {

    private final AtomicInteger checks = new AtomicInteger();
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    private final PasswordEncoder counting = new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            return bcrypt.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checks.incrementAndGet();
            return bcrypt.matches(raw, encoded);
        }
    };
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    private final VerifiedPasswordCache cache = new VerifiedPasswordCache(counting, Duration.ofMinutes(1), clock);

    @Test
    void storesBcryptAndChecksAVerifiedPasswordOnlyOncePerTimeToLive() {
        String hash = cache.encode("secret");
        assertThat(hash).startsWith("$2a$");
        assertThat(cache.matches("secret", hash)).isTrue();
        assertThat(cache.matches("secret", hash)).isTrue();
        assertThat(checks).hasValue(1);

        now = now.plus(Duration.ofSeconds(61));
        assertThat(cache.matches("secret", hash)).isTrue();
        assertThat(checks).hasValue(2);
    }

    @Test
    void aWrongPasswordAlwaysPaysBcryptAndNeverMatches() {
        String hash = cache.encode("secret");
        assertThat(cache.matches("secret", hash)).isTrue();
        assertThat(cache.matches("guess", hash)).isFalse();
        assertThat(cache.matches("guess", hash)).isFalse();
        assertThat(checks).hasValue(3);
    }

    @Test
    void aChangedPasswordHashDoesNotMatchTheOldEntry() {
        String oldHash = cache.encode("secret");
        assertThat(cache.matches("secret", oldHash)).isTrue();
        String newHash = cache.encode("other");
        assertThat(cache.matches("secret", newHash)).isFalse();
    }
}
