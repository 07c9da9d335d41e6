package nl.certflow.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Webhook endpoints operators should look at, on {@code /actuator/prometheus}: those failing now (retrying) and
 * those disabled after failing for days. Read from the database (shared by all nodes) at most every few seconds.
 */
@Component
class WebhookMetrics {

    private static final Duration FRESHNESS = Duration.ofSeconds(5);

    private final JdbcTemplate jdbc;
    private volatile Counts counts = new Counts(Instant.EPOCH, 0, 0);

    WebhookMetrics(JdbcTemplate jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        Gauge.builder("certflow.webhooks.endpoints", () -> current().failing())
                .tag("state", "failing")
                .description("Webhook endpoints whose last delivery failed (being retried)")
                .register(registry);
        Gauge.builder("certflow.webhooks.endpoints", () -> current().disabled())
                .tag("state", "disabled")
                .description("Webhook endpoints disabled after failing for certflow.webhooks.disable-after")
                .register(registry);
    }

    private Counts current() {
        Counts last = counts;
        if (last.takenAt().plus(FRESHNESS).isAfter(Instant.now())) {
            return last;
        }
        Long failing = jdbc.queryForObject(
                "SELECT COUNT(*) FROM cf_webhook_endpoint WHERE failing_since IS NOT NULL AND disabled_at IS NULL",
                Long.class);
        Long disabled = jdbc.queryForObject(
                "SELECT COUNT(*) FROM cf_webhook_endpoint WHERE disabled_at IS NOT NULL", Long.class);
        counts = new Counts(Instant.now(), failing == null ? 0 : failing, disabled == null ? 0 : disabled);
        return counts;
    }

    private record Counts(Instant takenAt, long failing, long disabled) {}
}
