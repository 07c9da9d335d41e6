package nl.certflow.system;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code certflow.security.login-throttle.*}: failed logins an address may have within the window, per door (the
 * webhook; engine REST and Cockpit's login) — see {@link LoginThrottle}.
 */
@ConfigurationProperties("certflow.security.login-throttle")
public record LoginThrottleProperties(Integer maxFailures, Duration window) {

    public LoginThrottleProperties {
        maxFailures = maxFailures == null ? 10 : maxFailures;
        window = window == null ? Duration.ofMinutes(5) : window;
    }
}
