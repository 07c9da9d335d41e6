package nl.certflow.system;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import nl.certflow.order.OrderStatus;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The gauges an operator watches on {@code /actuator/prometheus}: orders by status, open incidents and pushes
 * still waiting for delivery. Read from the database (shared by all nodes) at most every few seconds per node.
 */
@Component
class OperatorMetrics {

    private static final Duration FRESHNESS = Duration.ofSeconds(5);

    private final JdbcTemplate jdbc;
    private final RuntimeService runtime;
    private volatile Snapshot snapshot = new Snapshot(Instant.EPOCH, Map.of(), 0, 0);

    OperatorMetrics(JdbcTemplate jdbc, RuntimeService runtime, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.runtime = runtime;
        for (OrderStatus status : OrderStatus.values()) {
            Gauge.builder("certflow.orders", () -> current().ordersByStatus().getOrDefault(status, 0L))
                    .tag("status", status.name())
                    .description("Orders per status")
                    .register(registry);
        }
        Gauge.builder("certflow.incidents.open", () -> current().openIncidents())
                .description("Open incidents in the process engine (see Cockpit)")
                .register(registry);
        Gauge.builder("certflow.webhook.pushes.waiting", () -> current().pushesWaiting())
                .description("Acknowledged CA pushes not yet delivered to their order")
                .register(registry);
    }

    private Snapshot current() {
        Snapshot last = snapshot;
        if (last.takenAt().plus(FRESHNESS).isAfter(Instant.now())) {
            return last;
        }
        Map<OrderStatus, Long> byStatus = new EnumMap<>(OrderStatus.class);
        jdbc.query("SELECT status, COUNT(*) FROM cf_order GROUP BY status", rs -> {
            byStatus.put(OrderStatus.valueOf(rs.getString(1)), rs.getLong(2));
        });
        Long waiting = jdbc.queryForObject("SELECT COUNT(*) FROM cf_ca_push WHERE outcome IS NULL", Long.class);
        snapshot = new Snapshot(
                Instant.now(), byStatus, runtime.createIncidentQuery().count(), waiting == null ? 0 : waiting);
        return snapshot;
    }

    private record Snapshot(
            Instant takenAt, Map<OrderStatus, Long> ordersByStatus, long openIncidents, long pushesWaiting) {}
}
