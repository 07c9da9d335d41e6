package nl.certflow.events;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code certflow.webhooks.*}: where deliveries may go, how they are retried and when an endpoint that keeps failing
 * is disabled, the HTTP timeouts, the delivery threads of a node, and the key that encrypts the signing secrets.
 */
@ConfigurationProperties("certflow.webhooks")
public record WebhooksProperties(
        boolean allowPrivateTargets,
        List<Duration> retrySchedule,
        Duration disableAfter,
        Duration connectTimeout,
        Duration requestTimeout,
        Integer threads,
        String secretKey) {

    /** Standard Webhooks' suggested schedule; the last delay repeats until the endpoint is disabled. */
    static final List<Duration> DEFAULT_RETRY_SCHEDULE = List.of(
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(5),
            Duration.ofHours(10));

    public WebhooksProperties {
        retrySchedule =
                retrySchedule == null || retrySchedule.isEmpty() ? DEFAULT_RETRY_SCHEDULE : List.copyOf(retrySchedule);
        disableAfter = disableAfter == null ? Duration.ofDays(3) : disableAfter;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
        threads = threads == null ? 8 : threads;
    }

    /** How long to wait after the {@code failures}-th failure in a row. */
    Duration retryDelay(int failures) {
        return retrySchedule.get(Math.min(Math.max(failures, 1), retrySchedule.size()) - 1);
    }

    @Override
    public String toString() {
        return "WebhooksProperties[allowPrivateTargets=" + allowPrivateTargets + ", retrySchedule=" + retrySchedule
                + ", disableAfter=" + disableAfter + ", secretKey=" + (secretKey == null ? "none" : "******") + "]";
    }
}
