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
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Slows down password guessing on one door (the webhook; engine REST and Cockpit's login): a source address with
 * {@code max-failures} failed logins (a 401 to a login attempt; a client's first try without credentials is no guess)
 * within {@code window} gets 429 for everything — also the right password — until its oldest failure leaves the
 * window. Only the guessing address is held back, never the account: the operator's own address keeps working.
 * Runs after {@link SourceAddressFilter}, so the address is the client's, not a proxy's. Per node, in memory.
 */
class LoginThrottle extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
    // Bounds the memory a flood of spoofed-looking addresses can take; expired entries are dropped first.
    private static final int MAX_TRACKED_ADDRESSES = 10_000;

    private final String door;
    private final Predicate<HttpServletRequest> loginAttempt;
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    /** {@code loginAttempt}: whether a 401 to this request is a failed guess. */
    LoginThrottle(
            String door, Predicate<HttpServletRequest> loginAttempt, int maxFailures, Duration window, Clock clock) {
        this.door = door;
        this.loginAttempt = loginAttempt;
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
            ProblemWriter.write(
                    response,
                    HttpStatus.TOO_MANY_REQUESTS,
                    "too-many-failed-logins",
                    "Too many failed logins",
                    "Too many failed logins from this address; try again later");
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpStatus.UNAUTHORIZED.value() && loginAttempt.test(request)) {
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
            return recent.size() < maxFailures
                    ? Duration.ZERO
                    : Duration.between(now, recent.peekFirst().plus(window));
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
                LOG.warn(
                        "{}: {} failed logins from {} within {}; refusing that address for a while",
                        door,
                        maxFailures,
                        address,
                        window);
            }
        }
    }

    private void expire(Deque<Instant> recent, Instant now) {
        while (!recent.isEmpty() && !recent.peekFirst().plus(window).isAfter(now)) {
            recent.removeFirst();
        }
    }
}
