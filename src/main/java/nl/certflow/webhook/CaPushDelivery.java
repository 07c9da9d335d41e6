package nl.certflow.webhook;

import static nl.certflow.process.ProcessVariables.MSG_CA_STATUS_CHANGED;

import java.time.Clock;
import java.util.Optional;
import nl.certflow.order.Order;
import nl.certflow.order.OrderStore;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Delivers a stored push to its order's process. Runs as the delivery process's job: when the order is not yet
 * known or not waiting (the CA answered before our own transaction committed, or the process is busy with a CA
 * call), it throws, and the job is retried with back-off until it can be delivered — or becomes an incident.
 */
@Service
public class CaPushDelivery {

    private final JdbcTemplate jdbc;
    private final OrderStore orders;
    private final RuntimeService runtime;
    private final Clock clock;

    public CaPushDelivery(JdbcTemplate jdbc, OrderStore orders, RuntimeService runtime, Clock clock) {
        this.jdbc = jdbc;
        this.orders = orders;
        this.runtime = runtime;
        this.clock = clock;
    }

    /** Delivers the push and answers the order id it belongs to. */
    public String deliver(long pushId) {
        CaPush push = jdbc.queryForObject("""
                SELECT ca_order_number, certificate_id, event_type, status, status_code, status_desc, revocation_reason_code
                FROM cf_ca_push WHERE id = ?""",
                (rs, row) -> new CaPush(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getString(6), (Integer) rs.getObject(7)), pushId);
        Order order = orders.findIdByCaOrderNumber(push.orderNumber()).flatMap(orders::find)
                .orElseThrow(() -> new CaPushNotDeliverableException("No order has CA order number " + push.orderNumber()
                        + " (yet): the push is kept and delivery is retried; if this stays, check the CA order number"));
        String outcome = outcome(push, order);
        jdbc.update("UPDATE cf_ca_push SET order_id = ?, outcome = ? WHERE id = ?", order.id(), outcome, pushId);
        return order.id();
    }

    private String outcome(CaPush push, Order order) {
        if (push.isInformational()) {
            return recordNote(push, orders.findForUpdate(order.id()).orElseThrow());
        }
        if (order.status().isFinal()) {
            return ignored(order);
        }
        try {
            runtime.createMessageCorrelation(MSG_CA_STATUS_CHANGED).processInstanceBusinessKey(order.id()).correlateWithResult();
            return "delivered";
        } catch (MismatchingMessageCorrelationException e) {
            throw new CaPushNotDeliverableException("Order " + order.id() + " (" + order.status().label()
                    + ") is not waiting for the CA right now; delivery of the push (statusCode " + push.statusCode()
                    + ") is retried");
        }
    }

    /** Under the order's row lock: a rejection committing concurrently is seen, and the note is not put after it. */
    private String recordNote(CaPush push, Order order) {
        if (order.status().isFinal()) {
            return ignored(order);
        }
        orders.appendHistory(order.id(), order.status(), order.pendingTransition(), "CA: " + describe(push), clock.instant());
        return "recorded in the history";
    }

    private static String ignored(Order order) {
        return "ignored: the order is already " + order.status().label();
    }

    private static String describe(CaPush push) {
        return Optional.ofNullable(push.statusDesc()).filter(text -> !text.isBlank())
                .orElse(push.statusCode() == 12 ? "awaiting brand validation" : "certificate replaced");
    }
}
