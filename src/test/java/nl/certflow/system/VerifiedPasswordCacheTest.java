package nl.certflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import nl.certflow.DatabaseIndependent;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@DatabaseIndependent
class VerifiedPasswordCacheTest {

    private final AtomicInteger checks = new AtomicInteger();
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    /** Open, except where a test holds the checks back. */
    private volatile CountDownLatch checksMayFinish = new CountDownLatch(0);
    /** BCrypt that counts its checks and finishes none before {@link #checksMayFinish} opens. */
    private final PasswordEncoder counting = new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            return bcrypt.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checks.incrementAndGet();
            try {
                checksMayFinish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };
    private final VerifiedPasswordCache cache = new VerifiedPasswordCache(counting, Duration.ofMinutes(1), clock);

    @Test
    void storesBcryptAndChecksAVerifiedPasswordAgainOnlyAfterAMinuteUnused() {
        String hash = cache.encode("secret");
        assertThat(hash).startsWith("$2a$");
        assertThat(cache.matches("secret", hash)).isTrue();
        now = now.plus(Duration.ofSeconds(40));
        assertThat(cache.matches("secret", hash)).isTrue();
        now = now.plus(Duration.ofSeconds(40));
        assertThat(cache.matches("secret", hash)).as("used 40 s ago").isTrue();
        assertThat(checks).hasValue(1);

        now = now.plus(Duration.ofSeconds(61));
        assertThat(cache.matches("secret", hash)).isTrue();
        assertThat(checks).hasValue(2);
    }

    @Test
    void aBurstOfRequestsWithTheSameCredentialsPaysOneBcrypt() throws Exception {
        String hash = cache.encode("secret");
        checksMayFinish = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> cache.matches("secret", hash)));
            }
            Thread.sleep(200); // all eight are in matches(), waiting for the one check
            checksMayFinish.countDown();
            for (Future<Boolean> answer : answers) {
                assertThat(answer.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(checks).hasValue(1);
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
