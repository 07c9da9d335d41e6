package nl.certflow.ca.simulator;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import nl.certflow.ca.CaOrderRequest;
import nl.certflow.ca.CaState;
import nl.certflow.ca.IssuedCertificate;
import nl.certflow.order.DcvMethod;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The simulated CA's own order book. It is another party than certflow, so its writes commit on their own
 * (REQUIRES_NEW): a certflow transaction that rolls back does not undo what the "CA" already accepted — which is
 * exactly why a resubmit must be recognised by the foreign order number.
 */
public class SimulatorOrders {

    public record SimulatedOrder(
            String orderNumber,
            String certificateId,
            String commonName,
            List<String> subjectAlternativeNames,
            String csrPem,
            int validityDays,
            CaState state,
            String detail,
            IssuedCertificate certificate,
            DcvMethod dcvMethod,
            String uniqueValue,
            String dcvEmail) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    public SimulatorOrders(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public Optional<SimulatedOrder> findByForeignOrderNumber(String foreignOrderNumber) {
        return ownTransaction.execute(status -> jdbc
                .query("SELECT * FROM cf_simulator_order WHERE foreign_order_number = ?", this::map, foreignOrderNumber)
                .stream()
                .findFirst());
    }

    public Optional<SimulatedOrder> find(String orderNumber) {
        return ownTransaction.execute(status ->
                jdbc.query("SELECT * FROM cf_simulator_order WHERE order_number = ?", this::map, orderNumber).stream()
                        .findFirst());
    }

    public SimulatedOrder create(CaOrderRequest request, Instant now) {
        String orderNumber = Long.toString(ThreadLocalRandom.current().nextLong(10_000_000L, 100_000_000L));
        String certificateId = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 10_000_000_000L));
        try {
            ownTransaction.executeWithoutResult(status -> jdbc.update(
                    """
                    INSERT INTO cf_simulator_order (order_number, certificate_id, foreign_order_number, common_name,
                        subject_alt_names, csr_pem, validity_days, state, detail, created_at, dcv_method, dcv_email,
                        unique_value)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    orderNumber,
                    certificateId,
                    request.orderId(),
                    request.commonName(),
                    String.join("\n", request.subjectAlternativeNames()),
                    request.csrPem(),
                    request.validityDays(),
                    CaState.PENDING.name(),
                    "Awaiting validation",
                    Timestamp.from(now),
                    request.dcvMethod() == null ? null : request.dcvMethod().name(),
                    request.dcvEmailAddress(),
                    request.uniqueValue()));
        } catch (DuplicateKeyException e) {
            // the same order was placed concurrently (or the random number collided): answer what the CA holds
            return findByForeignOrderNumber(request.orderId()).orElseGet(() -> create(request, now));
        }
        return find(orderNumber).orElseThrow();
    }

    /** Compare-and-set of the state, so a decision and a cancellation racing each other apply only once. */
    public boolean transition(
            String orderNumber, CaState from, CaState to, String detail, IssuedCertificate certificate) {
        Integer updated = ownTransaction.execute(status -> jdbc.update(
                """
                UPDATE cf_simulator_order SET state = ?, detail = ?, serial_number = ?, not_before = ?, not_after = ?,
                    cert_pem = ? WHERE order_number = ? AND state = ?""",
                to.name(),
                detail,
                certificate == null ? null : certificate.serialNumber(),
                certificate == null ? null : Timestamp.from(certificate.notBefore()),
                certificate == null ? null : Timestamp.from(certificate.notAfter()),
                certificate == null ? null : certificate.pem(),
                orderNumber,
                from.name()));
        return updated != null && updated == 1;
    }

    /** The orders placed in {@code [from, to]}, oldest first, results {@code first} to {@code last} (1-based). */
    public List<SimulatedOrder> placedBetween(Instant from, Instant to, int first, int last) {
        return ownTransaction.execute(status -> jdbc.query(
                "SELECT * FROM cf_simulator_order WHERE created_at >= ? AND created_at <= ?"
                        + " ORDER BY created_at, order_number OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                this::map,
                Timestamp.from(from),
                Timestamp.from(to),
                first - 1,
                Math.max(0, last - first + 1)));
    }

    public int countPlacedBetween(Instant from, Instant to) {
        Integer count = ownTransaction.execute(status -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM cf_simulator_order WHERE created_at >= ? AND created_at <= ?",
                Integer.class,
                Timestamp.from(from),
                Timestamp.from(to)));
        return count == null ? 0 : count;
    }

    /**
     * A reissue: the issued order is under review again with the new CSR and a new certificate id; the certificate
     * it holds stays until the replacement is issued. False when the order is not issued.
     */
    public boolean replace(String orderNumber, String csrPem, int validityDays, String certificateId) {
        Integer updated = ownTransaction.execute(status -> jdbc.update(
                """
                UPDATE cf_simulator_order SET state = ?, detail = ?, csr_pem = ?, validity_days = ?, certificate_id = ?
                WHERE order_number = ? AND state = ?""",
                CaState.PENDING.name(),
                "Awaiting validation of the reissue",
                csrPem,
                validityDays,
                certificateId,
                orderNumber,
                CaState.ISSUED.name()));
        return updated != null && updated == 1;
    }

    /** A new DCV method (AutoUpdateDCV) for an order still awaiting validation; false when it is not. */
    public boolean changeDcv(String orderNumber, DcvMethod method, String email) {
        Integer updated = ownTransaction.execute(status -> jdbc.update(
                "UPDATE cf_simulator_order SET dcv_method = ?, dcv_email = ? WHERE order_number = ? AND state = ?",
                method.name(),
                email,
                orderNumber,
                CaState.PENDING.name()));
        return updated != null && updated == 1;
    }

    public List<String> pendingOrderNumbers() {
        return ownTransaction.execute(status -> jdbc.queryForList(
                "SELECT order_number FROM cf_simulator_order WHERE state = ?", String.class, CaState.PENDING.name()));
    }

    private SimulatedOrder map(ResultSet rs, int row) throws SQLException {
        String pem = rs.getString("cert_pem");
        String sans = rs.getString("subject_alt_names");
        IssuedCertificate certificate = pem == null
                ? null
                : new IssuedCertificate(
                        rs.getString("serial_number"),
                        rs.getTimestamp("not_before").toInstant(),
                        rs.getTimestamp("not_after").toInstant(),
                        pem,
                        null);
        return new SimulatedOrder(
                rs.getString("order_number"),
                rs.getString("certificate_id"),
                rs.getString("common_name"),
                sans == null || sans.isEmpty() ? List.of() : List.of(sans.split("\n")),
                rs.getString("csr_pem"),
                rs.getInt("validity_days"),
                CaState.valueOf(rs.getString("state")),
                rs.getString("detail"),
                certificate,
                rs.getString("dcv_method") == null
                        ? DcvMethod.CNAME_CSR_HASH
                        : DcvMethod.valueOf(rs.getString("dcv_method")),
                rs.getString("unique_value"),
                rs.getString("dcv_email"));
    }
}
