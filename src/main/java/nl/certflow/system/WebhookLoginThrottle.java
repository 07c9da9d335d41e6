package nl.certflow.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Slows down password guessing on the webhook: a source address with {@code max-failures} failed logins (a 401 to
 * a request that carried credentials; a client's first try without them is no guess) within {@code window} gets 429 for everything — also the right password — until its oldest failure leaves the
 * window. Runs after {@link SourceAddressFilter}, so the address is the client's, not a proxy's. Per node, in memory.
 */
class WebhookLoginThrottle extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookLoginThrottle.class);
    // Bounds the memory a flood of spoofed-looking addresses can take; expired entries are dropped first.
    private static final int MAX_TRACKED_ADDRESSES = 10_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    WebhookLoginThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        Duration wait = blockedFor(address);
        if (!wait.isZero()) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
            ProblemWriter.write(response, HttpStatus.TOO_MANY_REQUESTS, "too-many-failed-logins", "Too many failed logins",
                    "Too many failed logins from this address; try again later");
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpStatus.UNAUTHORIZED.value() && request.getHeader("Authorization") != null) {
            recordFailure(address);
        }
    }

    private Duration blockedFor(String address) {
        Deque<Instant> recent = failures.get(address);
        if (recent == null) {
            return Duration.ZERO;
        }
        synchronized (recent) {
            Instant now = clock.instant();
            expire(recent, now);
            return recent.size() < maxFailures ? Duration.ZERO : Duration.between(now, recent.peekFirst().plus(window));
        }
    }

    private void recordFailure(String address) {
        if (failures.size() >= MAX_TRACKED_ADDRESSES) {
            Instant now = clock.instant();
            failures.values().removeIf(recent -> {
                synchronized (recent) {
                    expire(recent, now);
                    return recent.isEmpty();
                }
            });
        }
        Deque<Instant> recent = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(clock.instant());
            if (recent.size() == maxFailures) {
                LOG.warn("Webhook: {} failed logins from {} within {}; refusing that address for a while",
                        maxFailures, address, window);
            }
        }
    }

    private void expire(Deque<Instant> recent, Instant now) {
        while (!recent.isEmpty() && !recent.peekFirst().plus(window).isAfter(now)) {
            recent.removeFirst();
        }
    }
}
