package nl.certflow.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import nl.certflow.order.Order.CaReference;
import nl.certflow.order.Order.CertificateEntry;
import nl.certflow.order.Order.CertificateInfo;
import nl.certflow.order.Order.HistoryEntry;
import nl.certflow.order.Order.PrevalidationOutcome;
import nl.certflow.order.Order.PrevalidationState;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * certflow's order tables. Plain JDBC on the engine's DataSource, so every write joins the transaction the
 * process engine is in: a status and the process position commit or roll back together.
 */
@Repository
public class OrderStore {

    private static final String LIST_SEPARATOR = "\n";

    /** The successor's id (at most one: a unique index on renewal_of), selected beside {@code o.*}. */
    private static final String RENEWED_BY = " (SELECT r.id FROM cf_order r WHERE r.renewal_of = o.id) AS renewed_by";

    private final JdbcTemplate jdbc;

    public OrderStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(String id, String owner, OrderDetails details, Instant createdAt) {
        Company company = details.company();
        jdbc.update(
                """
                INSERT INTO cf_order (id, owner, validation, common_name, subject_alt_names, csr_pem, validity_days,
                    requester_name, requester_email, requester_phone, company_name, company_kvk_number, company_country,
                    company_street, company_postal_code, company_city, status, created_at, prevalidation_required,
                    term_months)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                id,
                owner,
                details.validation().name(),
                details.commonName(),
                join(details.subjectAlternativeNames()),
                details.csrPem(),
                details.validityDays(),
                details.requester().name(),
                details.requester().email(),
                details.requester().phone(),
                company == null ? null : company.name(),
                company == null ? null : company.kvkNumber(),
                company == null ? null : company.country(),
                company == null ? null : company.street(),
                company == null ? null : company.postalCode(),
                company == null ? null : company.city(),
                OrderStatus.OPEN.name(),
                Timestamp.from(createdAt),
                details.needsPrevalidation(),
                details.termMonths());
    }

    public void updateDetails(String id, OrderDetails details) {
        Company company = details.company();
        jdbc.update(
                """
                UPDATE cf_order SET subject_alt_names = ?, csr_pem = ?, requester_name = ?, requester_email = ?,
                    requester_phone = ?, company_name = ?, company_kvk_number = ?, company_country = ?, company_street = ?,
                    company_postal_code = ?, company_city = ?, prevalidation_required = ?, prevalidation_outcome = NULL
                WHERE id = ?""",
                join(details.subjectAlternativeNames()),
                details.csrPem(),
                details.requester().name(),
                details.requester().email(),
                details.requester().phone(),
                company == null ? null : company.name(),
                company == null ? null : company.kvkNumber(),
                company == null ? null : company.country(),
                company == null ? null : company.street(),
                company == null ? null : company.postalCode(),
                company == null ? null : company.city(),
                details.needsPrevalidation(),
                id);
    }

    public Optional<Order> find(String id) {
        List<OrderDcv.DomainState> dcvDomains = dcvDomains(id);
        List<Order> orders = jdbc.query(
                "SELECT o.*," + RENEWED_BY + " FROM cf_order o WHERE o.id = ?",
                (rs, row) -> mapOrder(rs, history(id), certificates(id), dcvDomains),
                id);
        return orders.stream().findFirst();
    }

    /** Whose order it is: enough to check a caller's access before a change, without loading the order. */
    public Optional<String> owner(String id) {
        return jdbc.queryForList("SELECT owner FROM cf_order WHERE id = ?", String.class, id).stream()
                .findFirst();
    }

    /** The order's term alone (empty without one): what a timer's date needs, without loading the order. */
    public Optional<Order.Term> term(String id) {
        return jdbc
                .query("SELECT term_months, term_starts_at FROM cf_order WHERE id = ?", (rs, row) -> term(rs), id)
                .stream()
                .filter(Objects::nonNull)
                .findFirst();
    }

    /** Where the order stands, without its details and history: what a CA push needs to know. */
    public record CurrentStatus(OrderStatus status, PendingTransition pendingTransition) {}

    public Optional<CurrentStatus> currentStatus(String id) {
        return statusQuery("SELECT status, pending_transition FROM cf_order WHERE id = ?", id);
    }

    /**
     * The status under the order's row lock: a writer that appends to the history beside a status change still in
     * flight (another transaction) waits for it and then sees the new status, so the history stays in order.
     */
    public Optional<CurrentStatus> lockCurrentStatus(String id) {
        return statusQuery("SELECT status, pending_transition FROM cf_order WHERE id = ? FOR UPDATE", id);
    }

    private Optional<CurrentStatus> statusQuery(String sql, String id) {
        return jdbc
                .query(
                        sql,
                        (rs, row) -> {
                            String pending = rs.getString("pending_transition");
                            return new CurrentStatus(
                                    OrderStatus.valueOf(rs.getString("status")),
                                    pending == null ? null : PendingTransition.valueOf(pending));
                        },
                        id)
                .stream()
                .findFirst();
    }

    public Optional<String> findIdByCaOrderNumber(String caOrderNumber) {
        return jdbc
                .queryForList("SELECT id FROM cf_order WHERE ca_order_number = ?", String.class, caOrderNumber)
                .stream()
                .findFirst();
    }

    /** One page of orders, newest first; {@code owner} null means all owners, {@code status} null all statuses. */
    public List<Order> page(String owner, OrderStatus status, int page, int size) {
        Filter filter = Filter.of(owner, status);
        List<String> ids = jdbc.queryForList(
                "SELECT id FROM cf_order" + filter.where()
                        + " ORDER BY created_at DESC, id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                String.class,
                filter.withArgs((long) page * size, size));
        if (ids.isEmpty()) {
            return List.of();
        }
        // Four queries per page, not one history query per order.
        String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
        Map<String, List<HistoryEntry>> histories = new HashMap<>();
        jdbc.query(
                "SELECT order_id, status, pending_transition, at, reason FROM cf_order_history WHERE order_id IN (" + in
                        + ") ORDER BY id",
                (RowCallbackHandler) rs -> histories
                        .computeIfAbsent(rs.getString("order_id"), k -> new ArrayList<>())
                        .add(historyEntry(rs)),
                ids.toArray());
        Map<String, List<CertificateEntry>> certificates = new HashMap<>();
        jdbc.query(
                "SELECT * FROM cf_certificate WHERE order_id IN (" + in + ") ORDER BY id",
                (RowCallbackHandler) rs -> certificates
                        .computeIfAbsent(rs.getString("order_id"), k -> new ArrayList<>())
                        .add(certificateEntry(rs)),
                ids.toArray());
        Map<String, List<OrderDcv.DomainState>> dcvDomains = new HashMap<>();
        jdbc.query(
                "SELECT * FROM cf_order_dcv WHERE order_id IN (" + in + ") ORDER BY domain",
                (RowCallbackHandler) rs -> dcvDomains
                        .computeIfAbsent(rs.getString("order_id"), k -> new ArrayList<>())
                        .add(dcvDomain(rs)),
                ids.toArray());
        Map<String, Order> orders = new HashMap<>();
        jdbc.query(
                "SELECT o.*," + RENEWED_BY + " FROM cf_order o WHERE o.id IN (" + in + ")",
                (RowCallbackHandler) rs -> orders.put(
                        rs.getString("id"),
                        mapOrder(
                                rs,
                                histories.getOrDefault(rs.getString("id"), List.of()),
                                certificates.getOrDefault(rs.getString("id"), List.of()),
                                dcvDomains.getOrDefault(rs.getString("id"), List.of()))),
                ids.toArray());
        return ids.stream().map(orders::get).filter(Objects::nonNull).toList();
    }

    public long count(String owner, OrderStatus status) {
        Filter filter = Filter.of(owner, status);
        Long count =
                jdbc.queryForObject("SELECT COUNT(*) FROM cf_order" + filter.where(), Long.class, filter.withArgs());
        return count == null ? 0 : count;
    }

    public void recordStatus(String id, OrderStatus status, PendingTransition pending, String reason, Instant at) {
        jdbc.update("""
                UPDATE cf_order SET status = ?, pending_transition = ?,
                    requested_at = CASE WHEN ? = 'REQUESTED' AND requested_at IS NULL THEN ? ELSE requested_at END
                WHERE id = ?""", status.name(), pending == null ? null : pending.name(), status.name(), Timestamp.from(at), id);
        // The order's end is its current certificate's: revoked with it, or expired.
        if (status == OrderStatus.REVOKED || status == OrderStatus.EXPIRED) {
            jdbc.update(
                    "UPDATE cf_certificate SET state = ? WHERE order_id = ? AND state = ?",
                    status == OrderStatus.REVOKED ? CertificateState.REVOKED.name() : CertificateState.EXPIRED.name(),
                    id,
                    CertificateState.CURRENT.name());
        }
        appendHistory(id, OrderEventType.STATUS_CHANGED, status, pending, reason, at);
    }

    /** A history entry that changes neither the status nor the pending arrow (a CA note, for one). */
    public void appendHistory(String id, OrderStatus status, PendingTransition pending, String reason, Instant at) {
        appendHistory(id, OrderEventType.NOTE, status, pending, reason, at);
    }

    /**
     * A history entry and its event, in the caller's transaction: no entry without its event, no event without its
     * entry (the event is the outbox row nl.certflow.events numbers and delivers once it is committed).
     */
    public void appendHistory(
            String id, OrderEventType type, OrderStatus status, PendingTransition pending, String reason, Instant at) {
        String pendingName = pending == null ? null : pending.name();
        String shortReason = truncate(reason, 1000);
        jdbc.update(
                "INSERT INTO cf_order_history (order_id, status, pending_transition, at, reason) VALUES (?, ?, ?, ?, ?)",
                id,
                status.name(),
                pendingName,
                Timestamp.from(at),
                shortReason);
        jdbc.update(
                """
                INSERT INTO cf_event (event_id, type, order_id, owner, at, status, pending_transition, reason)
                SELECT ?, ?, id, owner, ?, ?, ?, ? FROM cf_order WHERE id = ?""",
                "evt_" + UUID.randomUUID().toString().replace("-", ""),
                type.type(),
                Timestamp.from(at),
                status.name(),
                pendingName,
                shortReason,
                id);
    }

    /** The order {@code id} renews {@code predecessorId}; a second successor of the same order is refused. */
    public void recordRenewalOf(String id, String predecessorId) {
        jdbc.update("UPDATE cf_order SET renewal_of = ? WHERE id = ?", predecessorId, id);
    }

    public void recordCancelReason(String id, String reason) {
        jdbc.update("UPDATE cf_order SET cancel_reason = ? WHERE id = ?", reason, id);
    }

    public void recordPrevalidation(String id, PrevalidationOutcome outcome, List<String> reasons) {
        jdbc.update(
                "UPDATE cf_order SET prevalidation_outcome = ?, prevalidation_reasons = ? WHERE id = ?",
                outcome.name(),
                truncate(join(reasons), 4000),
                id);
    }

    public void recordCaReference(String id, String caOrderNumber, String caCertificateId) {
        jdbc.update(
                "UPDATE cf_order SET ca_order_number = ?, ca_certificate_id = ? WHERE id = ?",
                caOrderNumber,
                caCertificateId,
                id);
    }

    /**
     * A newly issued certificate becomes the order's current one; the one it follows (if any) is replaced. {@code
     * certificateId} is the CA's id of this certificate (null when the CA did not say).
     */
    public void recordCertificate(
            String id,
            String certificateId,
            String serialNumber,
            Instant notBefore,
            Instant notAfter,
            String pem,
            String chainPem) {
        jdbc.update(
                """
                UPDATE cf_order SET cert_serial_number = ?, cert_not_before = ?, cert_not_after = ?, cert_pem = ?,
                    cert_chain_pem = ?, ca_certificate_id = ? WHERE id = ?""",
                serialNumber,
                Timestamp.from(notBefore),
                Timestamp.from(notAfter),
                pem,
                chainPem,
                certificateId,
                id);
        // The term starts with its first certificate.
        jdbc.update(
                "UPDATE cf_order SET term_starts_at = ? WHERE id = ? AND term_months IS NOT NULL AND term_starts_at IS NULL",
                Timestamp.from(notBefore),
                id);
        jdbc.update(
                "UPDATE cf_certificate SET state = ? WHERE order_id = ? AND state = ?",
                CertificateState.REPLACED.name(),
                id,
                CertificateState.CURRENT.name());
        jdbc.update(
                """
                INSERT INTO cf_certificate (order_id, ca_certificate_id, serial_number, not_before, not_after, state)
                VALUES (?, ?, ?, ?, ?, ?)""",
                id,
                certificateId,
                serialNumber,
                Timestamp.from(notBefore),
                Timestamp.from(notAfter),
                CertificateState.CURRENT.name());
    }

    /** The CA says the current certificate ends at another time than certflow recorded: the CA's word decides. */
    public void correctNotAfter(String id, String serialNumber, Instant notAfter) {
        jdbc.update(
                "UPDATE cf_order SET cert_not_after = ? WHERE id = ? AND cert_serial_number = ?",
                Timestamp.from(notAfter),
                id,
                serialNumber);
        jdbc.update(
                "UPDATE cf_certificate SET not_after = ? WHERE order_id = ? AND serial_number = ? AND state = ?",
                Timestamp.from(notAfter),
                id,
                serialNumber,
                CertificateState.CURRENT.name());
    }

    /** What the customer asked for with a reissue; kept until the next one (the revocation reads it). */
    public record ReissueRequest(String csrPem, String reason, boolean keyCompromised, String certificateId) {}

    public void recordReissueRequest(String id, String csrPem, String reason, boolean keyCompromised) {
        jdbc.update("""
                UPDATE cf_order SET reissue_csr_pem = ?, reissue_reason = ?, reissue_key_compromised = ?,
                    reissue_certificate_id = NULL WHERE id = ?""", csrPem, reason, keyCompromised, id);
    }

    public Optional<ReissueRequest> reissueRequest(String id) {
        return jdbc
                .query(
                        """
                        SELECT reissue_csr_pem, reissue_reason, reissue_key_compromised, reissue_certificate_id
                        FROM cf_order WHERE id = ? AND reissue_reason IS NOT NULL""",
                        (rs, row) -> new ReissueRequest(
                                rs.getString("reissue_csr_pem"),
                                rs.getString("reissue_reason"),
                                rs.getBoolean("reissue_key_compromised"),
                                rs.getString("reissue_certificate_id")),
                        id)
                .stream()
                .findFirst();
    }

    public void recordReissueSubmitted(String id, String certificateId) {
        jdbc.update("UPDATE cf_order SET reissue_certificate_id = ? WHERE id = ?", certificateId, id);
    }

    /** The replacement is issued: its CSR (when the customer gave one) is the order's from now on. */
    public void adoptReissueCsr(String id) {
        jdbc.update(
                "UPDATE cf_order SET csr_pem = COALESCE(reissue_csr_pem, csr_pem), reissue_csr_pem = NULL WHERE id = ?",
                id);
    }

    public void markCertificateRevoked(String id, String serialNumber) {
        jdbc.update(
                "UPDATE cf_certificate SET state = ? WHERE order_id = ? AND serial_number = ? AND state = ?",
                CertificateState.REVOKED.name(),
                id,
                serialNumber,
                CertificateState.REPLACED.name());
    }

    private List<CertificateEntry> certificates(String orderId) {
        return jdbc.query(
                "SELECT * FROM cf_certificate WHERE order_id = ? ORDER BY id",
                (rs, row) -> certificateEntry(rs),
                orderId);
    }

    private static CertificateEntry certificateEntry(ResultSet rs) throws SQLException {
        return new CertificateEntry(
                rs.getString("ca_certificate_id"),
                rs.getString("serial_number"),
                instant(rs, "not_before"),
                instant(rs, "not_after"),
                CertificateState.valueOf(rs.getString("state")));
    }

    /** The chosen DCV method and approver address; the uniqueValue is set once (the first call) and then kept. */
    public void recordDcvChoice(String id, OrderDcv.Choice choice, String uniqueValue) {
        jdbc.update("""
                UPDATE cf_order SET dcv_method = ?, dcv_approver_email = ?,
                    dcv_unique_value = COALESCE(dcv_unique_value, ?) WHERE id = ?""", choice.method().name(), choice.approverEmail(), uniqueValue, id);
    }

    /** The CA's verdict on a domain; answers whether it differs from what was stored (a history entry is due). */
    public boolean recordDcvStatus(String id, String domain, DcvStatus status) {
        List<String> current = jdbc.queryForList(
                "SELECT status FROM cf_order_dcv WHERE order_id = ? AND domain = ?", String.class, id, domain);
        if (current.isEmpty()) {
            jdbc.update(
                    "INSERT INTO cf_order_dcv (order_id, domain, status) VALUES (?, ?, ?)", id, domain, status.name());
            return status != DcvStatus.PENDING;
        }
        if (current.get(0).equals(status.name())) {
            return false;
        }
        jdbc.update("UPDATE cf_order_dcv SET status = ? WHERE order_id = ? AND domain = ?", status.name(), id, domain);
        return true;
    }

    /** Forgets certflow's own looks at the records (they were of another method). */
    public void clearDcvChecks(String id) {
        jdbc.update(
                "UPDATE cf_order_dcv SET last_check_at = NULL, last_check_found = NULL, last_check_detail = NULL"
                        + " WHERE order_id = ?",
                id);
    }

    /** certflow's own last look at a domain's record. */
    public void recordDcvCheck(String id, String domain, OrderDcv.LastCheck check) {
        int updated =
                jdbc.update("""
                UPDATE cf_order_dcv SET last_check_at = ?, last_check_found = ?, last_check_detail = ?
                WHERE order_id = ? AND domain = ?""", Timestamp.from(check.at()), check.found(), truncate(check.detail(), 1000), id, domain);
        if (updated == 0) {
            jdbc.update(
                    """
                    INSERT INTO cf_order_dcv (order_id, domain, status, last_check_at, last_check_found,
                        last_check_detail) VALUES (?, ?, ?, ?, ?, ?)""",
                    id,
                    domain,
                    DcvStatus.PENDING.name(),
                    Timestamp.from(check.at()),
                    check.found(),
                    truncate(check.detail(), 1000));
        }
    }

    private List<OrderDcv.DomainState> dcvDomains(String orderId) {
        return jdbc.query(
                "SELECT * FROM cf_order_dcv WHERE order_id = ? ORDER BY domain", (rs, row) -> dcvDomain(rs), orderId);
    }

    private static OrderDcv.DomainState dcvDomain(ResultSet rs) throws SQLException {
        Instant checkedAt = instant(rs, "last_check_at");
        return new OrderDcv.DomainState(
                rs.getString("domain"),
                DcvStatus.valueOf(rs.getString("status")),
                checkedAt == null
                        ? null
                        : new OrderDcv.LastCheck(
                                checkedAt, rs.getBoolean("last_check_found"), rs.getString("last_check_detail")));
    }

    private Order mapOrder(
            ResultSet rs,
            List<HistoryEntry> history,
            List<CertificateEntry> certificates,
            List<OrderDcv.DomainState> dcvDomains)
            throws SQLException {
        String id = rs.getString("id");
        String companyName = rs.getString("company_name");
        Company company = companyName == null && rs.getString("company_kvk_number") == null
                ? null
                : new Company(
                        companyName,
                        rs.getString("company_kvk_number"),
                        rs.getString("company_country"),
                        rs.getString("company_street"),
                        rs.getString("company_postal_code"),
                        rs.getString("company_city"));
        String caOrderNumber = rs.getString("ca_order_number");
        String serial = rs.getString("cert_serial_number");
        String outcome = rs.getString("prevalidation_outcome");
        String pending = rs.getString("pending_transition");
        return new Order(
                id,
                rs.getString("owner"),
                ValidationType.valueOf(rs.getString("validation")),
                rs.getString("common_name"),
                split(rs.getString("subject_alt_names")),
                rs.getString("csr_pem"),
                rs.getInt("validity_days"),
                new Requester(
                        rs.getString("requester_name"),
                        rs.getString("requester_email"),
                        rs.getString("requester_phone")),
                company,
                OrderStatus.valueOf(rs.getString("status")),
                pending == null ? null : PendingTransition.valueOf(pending),
                instant(rs, "created_at"),
                instant(rs, "requested_at"),
                rs.getString("cancel_reason"),
                caOrderNumber == null ? null : new CaReference(caOrderNumber, rs.getString("ca_certificate_id")),
                serial == null
                        ? null
                        : new CertificateInfo(
                                serial,
                                instant(rs, "cert_not_before"),
                                instant(rs, "cert_not_after"),
                                rs.getString("cert_pem"),
                                rs.getString("cert_chain_pem")),
                new PrevalidationState(
                        rs.getBoolean("prevalidation_required"),
                        outcome == null ? null : PrevalidationOutcome.valueOf(outcome),
                        split(rs.getString("prevalidation_reasons"))),
                history,
                certificates,
                new OrderDcv(
                        dcvMethod(rs.getString("dcv_method")),
                        rs.getString("dcv_approver_email"),
                        rs.getString("dcv_unique_value"),
                        List.copyOf(dcvDomains),
                        rs.getString("reissue_csr_pem")),
                term(rs),
                rs.getString("renewal_of"),
                rs.getString("renewed_by"));
    }

    private static Order.Term term(ResultSet rs) throws SQLException {
        int months = rs.getInt("term_months");
        return rs.wasNull() ? null : new Order.Term(months, instant(rs, "term_starts_at"));
    }

    /** Orders stored before V5 carry no method: they were sent with the CNAME default. */
    private static DcvMethod dcvMethod(String value) {
        return value == null ? DcvMethod.CNAME_CSR_HASH : DcvMethod.valueOf(value);
    }

    private List<HistoryEntry> history(String orderId) {
        RowMapper<HistoryEntry> mapper = (rs, row) -> historyEntry(rs);
        return jdbc.query(
                "SELECT status, pending_transition, at, reason FROM cf_order_history WHERE order_id = ? ORDER BY id",
                mapper,
                orderId);
    }

    private static HistoryEntry historyEntry(ResultSet rs) throws SQLException {
        String pending = rs.getString("pending_transition");
        return new HistoryEntry(
                OrderStatus.valueOf(rs.getString("status")),
                pending == null ? null : PendingTransition.valueOf(pending),
                instant(rs, "at"),
                rs.getString("reason"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String join(List<String> values) {
        return values == null || values.isEmpty() ? null : String.join(LIST_SEPARATOR, values);
    }

    private static List<String> split(String value) {
        return value == null || value.isEmpty() ? List.of() : List.of(value.split(LIST_SEPARATOR));
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private record Filter(String owner, OrderStatus status) {

        static Filter of(String owner, OrderStatus status) {
            return new Filter(owner, status);
        }

        String where() {
            if (owner != null && status != null) {
                return " WHERE owner = ? AND status = ?";
            }
            if (owner != null) {
                return " WHERE owner = ?";
            }
            return status != null ? " WHERE status = ?" : "";
        }

        Object[] withArgs(Object... more) {
            List<Object> args = new ArrayList<>();
            if (owner != null) {
                args.add(owner);
            }
            if (status != null) {
                args.add(status.name());
            }
            args.addAll(List.of(more));
            return args.toArray();
        }
    }
}
