package nl.certflow.system;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * BCrypt for storage, but a password that verified is remembered while it is in use (until a minute unused): HTTP Basic sends it on every
 * request, and one BCrypt check costs more CPU than the request itself. Only successes are remembered, so a wrong
 * guess always pays the full BCrypt price. The key is an HMAC under a per-process random secret over the stored hash
 * and the password: no password is kept, a heap dump gives nothing to guess offline faster than BCrypt, and a
 * changed password (a new hash) never matches an old entry.
 */
final class VerifiedPasswordCache implements PasswordEncoder {

    private static final int MAX_ENTRIES = 10_000;

    private final PasswordEncoder delegate;
    private final Duration timeToLive;
    private final Clock clock;
    private final SecretKeySpec secret;
    private final Map<String, Long> verifiedUntil = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Boolean>> checking = new ConcurrentHashMap<>();

    VerifiedPasswordCache(PasswordEncoder delegate, Duration timeToLive, Clock clock) {
        this.delegate = delegate;
        this.timeToLive = timeToLive;
        this.clock = clock;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.secret = new SecretKeySpec(key, "HmacSHA256");
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return delegate.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) {
            return delegate.matches(rawPassword, encodedPassword);
        }
        String key = key(rawPassword, encodedPassword);
        long now = clock.millis();
        Long until = verifiedUntil.get(key);
        if (until != null && until > now) {
            // Kept while in use: a fixed expiry would send every request of a busy client through BCrypt at once.
            verifiedUntil.put(key, now + timeToLive.toMillis());
            return true;
        }
        // One BCrypt check per credential at a time: a burst of requests arriving before the first check finished
        // waits for it instead of each burning a BCrypt of its own (a CA pushing 200/s after a quiet minute).
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = checking.putIfAbsent(key, mine);
        if (running != null) {
            return running.join();
        }
        try {
            boolean matches = delegate.matches(rawPassword, encodedPassword);
            remember(key, matches, now);
            mine.complete(matches);
            return matches;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            checking.remove(key, mine);
        }
    }

    private void remember(String key, boolean matches, long now) {
        if (matches) {
            if (verifiedUntil.size() >= MAX_ENTRIES) {
                verifiedUntil.clear(); // a crude bound: far more entries than accounts means churn, not reuse
            }
            verifiedUntil.put(key, now + timeToLive.toMillis());
        } else {
            verifiedUntil.remove(key);
        }
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }

    private String key(CharSequence rawPassword, String encodedPassword) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            mac.update(encodedPassword.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(rawPassword.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
