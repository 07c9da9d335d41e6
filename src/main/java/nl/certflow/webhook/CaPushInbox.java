package nl.certflow.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores an accepted push; only after that commit does the CA get its 200, so an acknowledged push survives any
 * crash. {@link CaPushHandOver} then starts its delivery process (an engine job, with retries and — if it can never
 * be delivered — an incident in Cockpit), woken by this commit.
 */
@Service
public class CaPushInbox {

    public enum Receipt {
        ACCEPTED,
        DUPLICATE
    }

    private final JdbcTemplate jdbc;
    private final CaPushHandOver handOver;
    private final Clock clock;

    public CaPushInbox(JdbcTemplate jdbc, CaPushHandOver handOver, Clock clock) {
        this.jdbc = jdbc;
        this.handOver = handOver;
        this.clock = clock;
    }

    /** Throws {@link org.springframework.dao.DuplicateKeyException} when a concurrent copy of the push won the race. */
    @Transactional
    public Receipt accept(CaPush push, String sourceAddress) {
        String dedupKey = dedupKey(push);
        if (!jdbc.queryForList("SELECT id FROM cf_ca_push WHERE dedup_key = ?", Long.class, dedupKey)
                .isEmpty()) {
            return Receipt.DUPLICATE;
        }
        jdbc.update(
                """
                INSERT INTO cf_ca_push (dedup_key, received_at, source_address, ca_order_number, certificate_id,
                    event_type, status, status_code, status_desc, revocation_reason_code)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                dedupKey,
                Timestamp.from(clock.instant()),
                sourceAddress,
                push.orderNumber(),
                push.certificateId(),
                push.eventType(),
                push.status(),
                push.statusCode(),
                push.statusDesc(),
                push.revocationReasonCode());
        handOver.wakeUpAfterCommit();
        return Receipt.ACCEPTED;
    }
    /** The same push sent again (Sectigo retries) has the same key; a different status of the order does not. */
    static String dedupKey(CaPush push) {
        String canonical = String.join(
                "|",
                push.orderNumber(),
                String.valueOf(push.certificateId()),
                String.valueOf(push.eventType()),
                Integer.toString(push.statusCode()),
                String.valueOf(push.status()),
                String.valueOf(push.revocationReasonCode()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
