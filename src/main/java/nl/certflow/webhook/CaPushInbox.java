package nl.certflow.webhook;

import static nl.certflow.process.ProcessVariables.CA_ORDER_NUMBER;
import static nl.certflow.process.ProcessVariables.PUSH_DELIVERY_PROCESS_KEY;
import static nl.certflow.process.ProcessVariables.PUSH_ID;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import nl.certflow.order.OrderStore;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores an accepted push and, in the same transaction, starts its delivery process (an engine job). Only after
 * that commit does the CA get its 200, so an acknowledged push survives any crash and is acted on by the job
 * executor, with retries and — if it can never be delivered — an incident in Cockpit.
 */
@Service
public class CaPushInbox {

    public enum Receipt { ACCEPTED, DUPLICATE }

    private final JdbcTemplate jdbc;
    private final RuntimeService runtime;
    private final OrderStore orders;
    private final Clock clock;

    public CaPushInbox(JdbcTemplate jdbc, RuntimeService runtime, OrderStore orders, Clock clock) {
        this.jdbc = jdbc;
        this.runtime = runtime;
        this.orders = orders;
        this.clock = clock;
    }

    /** Throws {@link org.springframework.dao.DuplicateKeyException} when a concurrent copy of the push won the race. */
    @Transactional
    public Receipt accept(CaPush push, String sourceAddress) {
        String dedupKey = dedupKey(push);
        if (!jdbc.queryForList("SELECT id FROM cf_ca_push WHERE dedup_key = ?", Long.class, dedupKey).isEmpty()) {
            return Receipt.DUPLICATE;
        }
        String orderId = orders.findIdByCaOrderNumber(push.orderNumber()).orElse(null);
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("""
                    INSERT INTO cf_ca_push (dedup_key, received_at, source_address, ca_order_number, certificate_id,
                        event_type, status, status_code, status_desc, revocation_reason_code, order_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"id"});
            statement.setString(1, dedupKey);
            statement.setTimestamp(2, Timestamp.from(clock.instant()));
            statement.setString(3, sourceAddress);
            statement.setString(4, push.orderNumber());
            statement.setString(5, push.certificateId());
            statement.setString(6, push.eventType());
            statement.setString(7, push.status());
            statement.setInt(8, push.statusCode());
            statement.setString(9, push.statusDesc());
            statement.setObject(10, push.revocationReasonCode());
            statement.setString(11, orderId);
            return statement;
        }, key);
        long pushId = Objects.requireNonNull(key.getKey()).longValue();
        runtime.startProcessInstanceByKey(PUSH_DELIVERY_PROCESS_KEY, orderId != null ? orderId : "CA order " + push.orderNumber(),
                Map.of(PUSH_ID, pushId, CA_ORDER_NUMBER, push.orderNumber()));
        return Receipt.ACCEPTED;
    }

    /** The same push sent again (Sectigo retries) has the same key; a different status of the order does not. */
    static String dedupKey(CaPush push) {
        String canonical = String.join("|", push.orderNumber(), String.valueOf(push.certificateId()),
                String.valueOf(push.eventType()), Integer.toString(push.statusCode()), String.valueOf(push.status()),
                String.valueOf(push.revocationReasonCode()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
