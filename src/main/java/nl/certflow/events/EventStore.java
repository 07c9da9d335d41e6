package nl.certflow.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import nl.certflow.order.OrderStatus;
import nl.certflow.order.PendingTransition;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads the numbered events. The rows are written by OrderStore with each history entry and numbered by
 * {@link EventSequencer}; a row without a number is not committed long enough to be seen by anyone yet.
 */
@Repository
public class EventStore {

    private static final String COLUMNS = "sequence, event_id, type, order_id, at, status, pending_transition, reason";

    private final JdbcTemplate jdbc;

    public EventStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Up to {@code limit} events after {@code after}, in sequence; {@code owner} null means every owner's. */
    public List<Event> after(long after, String owner, int limit) {
        if (owner == null) {
            return jdbc.query(
                    "SELECT " + COLUMNS + " FROM cf_event WHERE sequence > ? ORDER BY sequence"
                            + " FETCH FIRST ? ROWS ONLY",
                    (rs, row) -> event(rs),
                    after,
                    limit);
        }
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM cf_event WHERE owner = ? AND sequence > ? ORDER BY sequence"
                        + " FETCH FIRST ? ROWS ONLY",
                (rs, row) -> event(rs),
                owner,
                after,
                limit);
    }

    private static Event event(ResultSet rs) throws SQLException {
        OrderStatus status = OrderStatus.valueOf(rs.getString("status"));
        String pending = rs.getString("pending_transition");
        return new Event(
                rs.getLong("sequence"),
                rs.getString("event_id"),
                rs.getString("type"),
                rs.getString("order_id"),
                rs.getTimestamp("at").toInstant(),
                status,
                status.label(),
                pending == null ? null : PendingTransition.valueOf(pending),
                rs.getString("reason"));
    }
}
