package nl.certflow.webhook;

import java.time.Clock;
import java.util.Optional;
import nl.certflow.order.OrderStore;
import nl.certflow.order.OrderStore.CurrentStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Delivers a stored push to its order's process, through the wake-up the caller passes (the process package's one
 * correlation class). Runs as the delivery process's job: when the order is not yet known or not waiting (the CA answered before our own transaction committed, or the process is busy with a CA
 * call), it throws, and the job is retried with back-off until it can be delivered — or becomes an incident.
 */
@Service
public class CaPushDelivery {

    private final JdbcTemplate jdbc;
    private final OrderStore orders;
    private final Clock clock;

    public CaPushDelivery(JdbcTemplate jdbc, OrderStore orders, Clock clock) {
        this.jdbc = jdbc;
        this.orders = orders;
        this.clock = clock;
    }

    /**
     * Delivers the push and answers the order id it belongs to; {@code knownOrderId} is the order the hand-over already
     * found (null when the push came before the order had its CA order number), so it is looked up only once.
     */
    public String deliver(long pushId, String knownOrderId, OrderWakeUp order) {
        CaPush push = jdbc.queryForObject(
                """
                SELECT ca_order_number, certificate_id, event_type, status, status_code, status_desc, revocation_reason_code
                FROM cf_ca_push WHERE id = ?""",
                (rs, row) -> new CaPush(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getInt(5),
                        rs.getString(6),
                        (Integer) rs.getObject(7)),
                pushId);
        String orderId = knownOrderId != null
                ? knownOrderId
                : orders.findIdByCaOrderNumber(push.orderNumber())
                        .orElseThrow(
                                () -> new CaPushNotDeliverableException(
                                        "No order has CA order number " + push.orderNumber()
                                                + " (yet): the push is kept and delivery is retried; if this stays, check the CA order number"));
        String outcome = push.isInformational() ? recordNote(push, orderId) : wakeUp(push, orderId, order);
        jdbc.update("UPDATE cf_ca_push SET order_id = ?, outcome = ? WHERE id = ?", orderId, outcome, pushId);
        return orderId;
    }

    /** Under the order's row lock: a rejection committing concurrently is seen, and the note is not put after it. */
    private String recordNote(CaPush push, String orderId) {
        CurrentStatus order = orders.lockCurrentStatus(orderId).orElseThrow();
        if (order.status().isFinal()) {
            return ignored(order);
        }
        orders.appendHistory(
                orderId, order.status(), order.pendingTransition(), "CA: " + describe(push), clock.instant());
        return "recorded in the history";
    }

    /**
     * Under the order's row lock too, as the customer's cancel takes it before its message: a cancel and a push at the
     * same moment take turns, instead of one finding the wait state the other has just left (a 500 for the cancel).
     */
    private String wakeUp(CaPush push, String orderId, OrderWakeUp order) {
        CurrentStatus current = orders.lockCurrentStatus(orderId).orElseThrow();
        if (current.status().isFinal()) {
            return ignored(current);
        }
        if (!order.caStatusChanged(orderId)) {
            throw new CaPushNotDeliverableException("Order " + orderId + " ("
                    + current.status().label()
                    + ") is not waiting for the CA right now; delivery of the push (statusCode " + push.statusCode()
                    + ") is retried");
        }
        return "delivered";
    }

    private static String ignored(CurrentStatus order) {
        return "ignored: the order is already " + order.status().label();
    }

    private static String describe(CaPush push) {
        return Optional.ofNullable(push.statusDesc())
                .filter(text -> !text.isBlank())
                .orElse(push.statusCode() == 12 ? "awaiting brand validation" : "certificate replaced");
    }
}
