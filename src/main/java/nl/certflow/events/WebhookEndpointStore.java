package nl.certflow.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The endpoints, their leases and their delivery log. A lease ({@code lease_owner}, {@code lease_until}) is taken
 * with one conditional update, so of two nodes asking at once exactly one gets it; every later write of the delivery
 * checks that it still holds the lease.
 */
@Repository
class WebhookEndpointStore {

    /** Attempts kept per endpoint for its delivery log. */
    static final int ATTEMPTS_KEPT = 20;

    private static final String TYPE_SEPARATOR = ",";

    private final JdbcTemplate jdbc;

    WebhookEndpointStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record Attempt(Instant at, long sequence, String eventId, Integer statusCode, String error, long durationMs) {}

    void insert(WebhookEndpoint endpoint) {
        jdbc.update(
                """
                INSERT INTO cf_webhook_endpoint (id, owner, operator, url, types, secret, created_at, delivered_through,
                    failures) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)""",
                endpoint.id(),
                endpoint.owner(),
                endpoint.operator(),
                endpoint.url(),
                endpoint.types().isEmpty() ? null : String.join(TYPE_SEPARATOR, endpoint.types()),
                endpoint.sealedSecret(),
                Timestamp.from(endpoint.createdAt()),
                endpoint.deliveredThrough());
    }

    Optional<WebhookEndpoint> find(String id) {
        return jdbc.query("SELECT * FROM cf_webhook_endpoint WHERE id = ?", (rs, row) -> endpoint(rs), id).stream()
                .findFirst();
    }

    /** The endpoints an account registered, oldest first; {@code owner} null means every account's. */
    List<WebhookEndpoint> list(String owner) {
        return owner == null
                ? jdbc.query("SELECT * FROM cf_webhook_endpoint ORDER BY created_at, id", (rs, row) -> endpoint(rs))
                : jdbc.query(
                        "SELECT * FROM cf_webhook_endpoint WHERE owner = ? ORDER BY created_at, id",
                        (rs, row) -> endpoint(rs),
                        owner);
    }

    boolean delete(String id, String owner) {
        return owner == null
                ? jdbc.update("DELETE FROM cf_webhook_endpoint WHERE id = ?", id) == 1
                : jdbc.update("DELETE FROM cf_webhook_endpoint WHERE id = ? AND owner = ?", id, owner) == 1;
    }

    /** Enabled endpoints that are due, not leased, and have numbered events after their place (maybe of other types). */
    List<String> due(Instant now, int limit) {
        Timestamp at = Timestamp.from(now);
        return jdbc.queryForList("""
                SELECT e.id FROM cf_webhook_endpoint e
                WHERE e.disabled_at IS NULL AND (e.retry_at IS NULL OR e.retry_at <= ?)
                    AND (e.lease_until IS NULL OR e.lease_until < ?)
                    AND EXISTS (SELECT 1 FROM cf_event v WHERE v.sequence > e.delivered_through
                        AND (e.operator = TRUE OR v.owner = e.owner))
                ORDER BY e.id FETCH FIRST ? ROWS ONLY""", String.class, at, at, limit);
    }

    boolean lease(String id, String node, Instant now, Instant until) {
        return jdbc.update("""
                UPDATE cf_webhook_endpoint SET lease_owner = ?, lease_until = ?
                WHERE id = ? AND disabled_at IS NULL AND (lease_until IS NULL OR lease_until < ?)""", node, Timestamp.from(until), id, Timestamp.from(now)) == 1;
    }

    /** Moves the endpoint's place forward after a delivery (or past events it does not want); false: lease lost. */
    boolean advance(String id, String node, long deliveredThrough, boolean delivered, Instant leaseUntil) {
        String sql = delivered
                ? "UPDATE cf_webhook_endpoint SET delivered_through = ?, failures = 0, failing_since = NULL, retry_at = NULL,"
                        + " lease_until = ? WHERE id = ? AND lease_owner = ?"
                : "UPDATE cf_webhook_endpoint SET delivered_through = ?, lease_until = ? WHERE id = ? AND lease_owner = ?";
        return jdbc.update(sql, deliveredThrough, Timestamp.from(leaseUntil), id, node) == 1;
    }

    /** A failed attempt: try again at {@code retryAt}; a {@code disabledReason} disables the endpoint. */
    void failed(String id, String node, Instant now, Instant retryAt, String disabledReason) {
        jdbc.update(
                """
                UPDATE cf_webhook_endpoint SET failures = failures + 1, failing_since = COALESCE(failing_since, ?),
                    retry_at = ?, disabled_at = ?, disabled_reason = ?, lease_owner = NULL, lease_until = NULL
                WHERE id = ? AND lease_owner = ?""",
                Timestamp.from(now),
                Timestamp.from(retryAt),
                disabledReason == null ? null : Timestamp.from(now),
                disabledReason,
                id,
                node);
    }

    /**
     * Puts the endpoint at {@code after} and enables it again, unless a delivery holds it right now (false then); the
     * caller's account must own it ({@code owner} null: an operator, any endpoint).
     */
    boolean replay(String id, String owner, long after, Instant now) {
        String sql = """
                UPDATE cf_webhook_endpoint SET delivered_through = ?, failures = 0, failing_since = NULL, retry_at = NULL,
                    disabled_at = NULL, disabled_reason = NULL
                WHERE id = ? AND (lease_until IS NULL OR lease_until < ?)""";
        return owner == null
                ? jdbc.update(sql, after, id, Timestamp.from(now)) == 1
                : jdbc.update(sql + " AND owner = ?", after, id, Timestamp.from(now), owner) == 1;
    }

    void release(String id, String node) {
        jdbc.update(
                "UPDATE cf_webhook_endpoint SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
                id,
                node);
    }

    void recordAttempt(String endpointId, Attempt attempt) {
        jdbc.update(
                """
                INSERT INTO cf_webhook_attempt (endpoint_id, event_sequence, event_id, at, status_code, error, duration_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                endpointId,
                attempt.sequence(),
                attempt.eventId(),
                Timestamp.from(attempt.at()),
                attempt.statusCode(),
                attempt.error(),
                attempt.durationMs());
        List<Long> oldest = jdbc.queryForList(
                "SELECT id FROM cf_webhook_attempt WHERE endpoint_id = ? ORDER BY id DESC" + " OFFSET " + ATTEMPTS_KEPT
                        + " ROWS FETCH NEXT 1 ROWS ONLY",
                Long.class,
                endpointId);
        if (!oldest.isEmpty()) {
            jdbc.update("DELETE FROM cf_webhook_attempt WHERE endpoint_id = ? AND id <= ?", endpointId, oldest.get(0));
        }
    }

    /** The latest attempts, newest first. */
    List<Attempt> attempts(String endpointId, int limit) {
        return jdbc.query(
                """
                SELECT at, event_sequence, event_id, status_code, error, duration_ms FROM cf_webhook_attempt
                WHERE endpoint_id = ? ORDER BY id DESC FETCH FIRST ? ROWS ONLY""",
                (rs, row) -> new Attempt(
                        rs.getTimestamp("at").toInstant(),
                        rs.getLong("event_sequence"),
                        rs.getString("event_id"),
                        (Integer) rs.getObject("status_code", Integer.class),
                        rs.getString("error"),
                        rs.getLong("duration_ms")),
                endpointId,
                limit);
    }

    private static WebhookEndpoint endpoint(ResultSet rs) throws SQLException {
        String types = rs.getString("types");
        return new WebhookEndpoint(
                rs.getString("id"),
                rs.getString("owner"),
                rs.getBoolean("operator"),
                rs.getString("url"),
                types == null ? List.of() : List.of(types.split(TYPE_SEPARATOR)),
                rs.getString("secret"),
                instant(rs, "created_at"),
                rs.getLong("delivered_through"),
                rs.getInt("failures"),
                instant(rs, "failing_since"),
                instant(rs, "retry_at"),
                instant(rs, "disabled_at"),
                rs.getString("disabled_reason"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
