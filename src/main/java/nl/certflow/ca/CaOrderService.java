package nl.certflow.ca;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import nl.certflow.order.CertificateState;
import nl.certflow.order.DcvMethod;
import nl.certflow.order.DcvStatus;
import nl.certflow.order.DcvTokens;
import nl.certflow.order.Order;
import nl.certflow.order.Order.CertificateEntry;
import nl.certflow.order.OrderDcv;
import nl.certflow.order.OrderStatus;
import nl.certflow.order.OrderStore;
import nl.certflow.order.OrderStore.ReissueRequest;
import nl.certflow.order.PendingTransition;
import nl.certflow.order.TermSchedule;
import nl.certflow.order.ValidityLimits;
import org.springframework.stereotype.Service;

/**
 * The order's conversation with the CA: what to send, and what to keep of the answers. Called from the process's
 * service tasks, so it runs inside the job's transaction; the CA is the source of truth for an order's fate.
 */
@Service
public class CaOrderService {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final CertificateAuthority ca;
    private final OrderStore store;
    private final MeterRegistry meters;
    private final ValidityLimits validityLimits;
    private final TermSchedule termSchedule;
    private final Clock clock;

    public CaOrderService(
            CertificateAuthority ca,
            OrderStore store,
            MeterRegistry meters,
            ValidityLimits validityLimits,
            TermSchedule termSchedule,
            Clock clock) {
        this.ca = ca;
        this.store = store;
        this.meters = meters;
        this.validityLimits = validityLimits;
        this.termSchedule = termSchedule;
        this.clock = clock;
    }

    /**
     * The validity to ask for a certificate issued now. Without a term: the order's {@code validityDays}, capped at
     * the SC-081 maximum for today. With a term: the SC-081 maximum for today, the order's own cap if it has one, and
     * not past the term's end (which, before the first issue, is {@code termMonths} from now).
     */
    public int validityDaysNow(Order order) {
        Instant now = clock.instant();
        if (order.term() == null) {
            return Math.min(order.validityDays(), validityLimits.maxDaysAt(now));
        }
        Instant termEnd = order.term().startsAt() != null
                ? order.term().endsAt()
                : TermSchedule.termEnd(now, order.term().months());
        return termSchedule.validityDays(now, termEnd, order.validityCap());
    }

    public CaSubmission submit(String orderId) {
        Order order = order(orderId);
        CaSubmission submission = timed(
                "submit",
                () -> ca.submit(new CaOrderRequest(
                        order.id(),
                        order.validation(),
                        order.commonName(),
                        order.subjectAlternativeNames(),
                        order.csrPem(),
                        order.term() == null ? order.validityDays() : validityDaysNow(order),
                        order.requester(),
                        order.validation().validatesOrganisation() ? order.company() : null,
                        order.dcv().method(),
                        order.dcv().approverEmail(),
                        order.dcv().uniqueValue())));
        store.recordCaReference(orderId, submission.orderNumber(), submission.certificateId());
        return submission;
    }

    public void cancel(String orderId) {
        Order order = order(orderId);
        String reason = order.cancelReason() == null ? "Cancelled by the customer" : order.cancelReason();
        // Replaced certificates a plain or automatic reissue left valid go with the order: no valid certificate of a
        // cancelled order remains (revoked one by one first, so a retry revokes only what is left).
        revokeStillValid(order, false, "superseded, the order is cancelled: " + reason, "superseded, order cancelled");
        timed("cancel", () -> {
            ca.cancel(caOrderNumber(order), reason);
            return null;
        });
    }

    /**
     * Keeps what the CA says of each domain's validation, with a history line for each change while the CA is still
     * processing the order ("DCV: www.example.nl validated"): the customer sees which domains are done. Once the CA
     * decided, the issue or rejection line says it for all of them. A CA that says nothing per domain has validated
     * them all once it issued. The same while a reissue with a new CSR is pending (the CA validates it again); the
     * current certificate reported meanwhile says nothing about the new CSR's validation.
     */
    private void recordDcv(Order order, CaStatus status) {
        boolean revalidating = order.revalidatesForReissue();
        if (order.status() != OrderStatus.OPEN && order.status() != OrderStatus.REQUESTED && !revalidating) {
            return; // validation is what happens before the (first) certificate, and before one for a new key
        }
        if (revalidating && status.state() == CaState.ISSUED && !issuedReplacement(order, status.certificate())) {
            return; // the CA still speaks of the current certificate (the old CSR), not of the new one's validation
        }
        Map<String, DcvStatus> states = new LinkedHashMap<>();
        // the CA's spelling of a domain (case, a wildcard's "*.") is the order's once made a DCV domain
        status.dcv().forEach((domain, state) -> states.put(DcvTokens.dcvDomain(domain), state));
        if (states.isEmpty() && status.state() == CaState.ISSUED) {
            order.dcvDomains().forEach(domain -> states.put(domain, DcvStatus.VALIDATED));
        }
        states.forEach((domain, state) -> {
            if (order.dcvDomains().contains(domain)
                    && store.recordDcvStatus(order.id(), domain, state)
                    && status.state() == CaState.PENDING) {
                store.appendHistory(
                        order.id(),
                        order.status(),
                        order.pendingTransition(),
                        "DCV: " + domain + " " + state.name().toLowerCase(Locale.ROOT),
                        clock.instant());
            }
        });
    }

    /** During a reissue: the CA reports a certificate the order does not hold yet (not the current one, none replaced). */
    private static boolean issuedReplacement(Order order, IssuedCertificate certificate) {
        return certificate != null
                && !replaced(order, certificate.serialNumber())
                && (order.certificate() == null
                        || !certificate
                                .serialNumber()
                                .equals(order.certificate().serialNumber()));
    }

    /**
     * Changes the order's DCV method at the CA (Sectigo AutoUpdateDCV) and, once the CA took it, keeps it as the
     * order's with a history line; certflow's own looks at the old records are forgotten. A CA that refuses the
     * change (the order is no longer awaiting validation, say) leaves the order's method as it was and says why in
     * the history: a retry would not help. A CA that cannot be reached throws, so the step is retried.
     */
    public void changeDcvMethod(String orderId, DcvMethod method, String approverEmail) {
        Order order = order(orderId);
        String address = method == DcvMethod.EMAIL ? approverEmail : null;
        String what = method.name() + (address == null ? "" : " (" + address + ")");
        try {
            timed("changeDcvMethod", () -> {
                ca.changeDcvMethod(new CaDcvChange(caOrderNumber(order), order.dcvDomains(), method, address));
                return null;
            });
        } catch (CaRefusedException e) {
            store.appendHistory(
                    orderId,
                    order.status(),
                    order.pendingTransition(),
                    "DCV: the CA refused the change of the method to " + what + ": " + e.getMessage(),
                    clock.instant());
            return;
        }
        store.recordDcvChoice(orderId, new OrderDcv.Choice(method, address), null);
        store.clearDcvChecks(orderId);
        store.appendHistory(
                orderId,
                order.status(),
                order.pendingTransition(),
                "DCV: method changed to " + what
                        + (method == DcvMethod.EMAIL ? "; the CA sent the approval e-mail" : ""),
                clock.instant());
    }

    /**
     * Sends the approval e-mail again (Sectigo ResendDCVEmail) to the order's approver address, with a history line.
     * An order whose method is no longer EMAIL (changed since) or that the CA refuses gets a line saying so.
     */
    public void resendDcvEmail(String orderId) {
        Order order = order(orderId);
        if (order.dcv().method() != DcvMethod.EMAIL) {
            store.appendHistory(
                    orderId,
                    order.status(),
                    order.pendingTransition(),
                    "DCV: no approval e-mail sent again: the order is validated by "
                            + order.dcv().method() + " now",
                    clock.instant());
            return;
        }
        try {
            timed("resendDcvEmail", () -> {
                ca.resendDcvEmail(caOrderNumber(order), order.dcv().approverEmail());
                return null;
            });
        } catch (CaRefusedException e) {
            store.appendHistory(
                    orderId,
                    order.status(),
                    order.pendingTransition(),
                    "DCV: the CA refused to send the approval e-mail again: " + e.getMessage(),
                    clock.instant());
            return;
        }
        store.appendHistory(
                orderId,
                order.status(),
                order.pendingTransition(),
                "DCV: approval e-mail sent again to " + order.dcv().approverEmail(),
                clock.instant());
    }

    /** The CA's allowed approver addresses for a domain. */
    public List<String> approverEmails(String domain) {
        return timed("approverEmails", () -> ca.approverEmails(domain));
    }

    /**
     * Asks the CA for a replacement certificate (Sectigo AutoReplaceSSL) from the reissue's CSR, or the current one.
     * A new CSR must be validated again: every domain's DCV status is pending once it is sent (a history line says so).
     * Its validity is the order's, capped at the SC-081 maximum for today (the replacement's issue date) and, for an
     * order with a term, at the term's end ({@link #validityDaysNow}).
     */
    public CaSubmission reissue(String orderId) {
        Order order = order(orderId);
        ReissueRequest reissue = store.reissueRequest(orderId)
                .orElseThrow(() -> new IllegalStateException("Order " + orderId + " has no reissue request"));
        int validityDays = validityDaysNow(order);
        CaSubmission submission = timed(
                "reissue",
                () -> ca.replace(new CaReissueRequest(
                        order.id(),
                        caOrderNumber(order),
                        order.validation(),
                        order.commonName(),
                        order.subjectAlternativeNames(),
                        reissue.csrPem() != null ? reissue.csrPem() : order.csrPem(),
                        validityDays,
                        order.dcv().method(),
                        order.dcv().approverEmail(),
                        order.dcv().uniqueValue())));
        store.recordReissueSubmitted(orderId, submission.certificateId());
        if (order.isNewCsr(reissue.csrPem())) {
            // the CA hashes the new CSR: what was validated for the old one no longer counts, nor certflow's looks
            order.dcvDomains().forEach(domain -> store.recordDcvStatus(orderId, domain, DcvStatus.PENDING));
            store.clearDcvChecks(orderId);
            store.appendHistory(
                    orderId,
                    order.status(),
                    order.pendingTransition(),
                    "DCV: the new key must be validated again: every domain is pending",
                    clock.instant());
        }
        return submission;
    }

    /**
     * After a customer's reissue (the model's "Automatic reissue?" no): revokes every certificate a reissue replaced
     * that is still valid (also those earlier automatic reissues left valid until their end): reason keyCompromise
     * when the customer said so, else superseded. Each revocation is written to the history and the certificate list
     * at once, so a retry after a failure revokes only what is left.
     */
    public void revokeReplaced(String orderId) {
        Order order = order(orderId);
        boolean keyCompromised = store.reissueRequest(orderId)
                .map(ReissueRequest::keyCompromised)
                .orElse(false);
        String reason = keyCompromised ? "keyCompromise: " + reissueReason(orderId) : "superseded by a reissue";
        revokeStillValid(order, keyCompromised, reason, keyCompromised ? "keyCompromise" : "superseded");
    }

    /** Revokes the order's replaced certificates that are still valid, each with its history line at once. */
    private void revokeStillValid(Order order, boolean keyCompromised, String reason, String noted) {
        String orderId = order.id();
        for (CertificateEntry replaced : order.certificates()) {
            if (replaced.state() != CertificateState.REPLACED
                    || !replaced.notAfter().isAfter(clock.instant())) {
                continue; // revoked already, or expired: nothing to revoke
            }
            timed("revoke", () -> {
                ca.revoke(new CaRevocation(
                        caOrderNumber(order),
                        replaced.certificateId(),
                        replaced.serialNumber(),
                        reason,
                        keyCompromised));
                return null;
            });
            store.markCertificateRevoked(orderId, replaced.serialNumber());
            store.appendHistory(
                    orderId,
                    order.status(),
                    order.pendingTransition(),
                    "Replaced certificate, serial " + replaced.serialNumber() + ", revoked at the CA (" + noted + ")",
                    clock.instant());
        }
    }

    private String reissueReason(String orderId) {
        return store.reissueRequest(orderId).map(ReissueRequest::reason).orElse("key compromised");
    }

    /**
     * Reads the CA's state and keeps the certificate once issued. A report about a certificate the order no longer
     * holds (one a reissue replaced) says nothing about the order; while a reissue is pending, the certificate being
     * replaced is not the answer either: both count as "still processing" during a reissue, else as the current
     * certificate being valid.
     */
    public CaStatus collect(String orderId) {
        Order order = order(orderId);
        CaStatus status = timed("collect", () -> ca.collect(caOrderNumber(order)));
        recordDcv(order, status);
        IssuedCertificate certificate = status.certificate();
        boolean reissuing = order.pendingTransition() == PendingTransition.REISSUE;
        if (certificate != null && replaced(order, certificate.serialNumber())) {
            return reissuing ? stillReissuing(status) : currentValid(order, status);
        }
        boolean current = certificate != null
                && order.certificate() != null
                && certificate.serialNumber().equals(order.certificate().serialNumber());
        if (reissuing && (current || status.state() == CaState.EXPIRED)) {
            return stillReissuing(status);
        }
        if (certificate != null && !current) {
            store.recordCertificate(
                    orderId,
                    reissuing
                            ? store.reissueRequest(orderId)
                                    .map(ReissueRequest::certificateId)
                                    .orElse(null)
                            : order.ca() == null ? null : order.ca().certificateId(),
                    certificate.serialNumber(),
                    certificate.notBefore(),
                    certificate.notAfter(),
                    certificate.pem(),
                    certificate.chainPem());
            if (reissuing) {
                store.adoptReissueCsr(orderId);
            }
        }
        if (current && !certificate.notAfter().equals(order.certificate().notAfter())) {
            // the CA's word decides, also about the end date (the reconciliation finds such a drift)
            store.correctNotAfter(orderId, certificate.serialNumber(), certificate.notAfter());
            store.appendHistory(
                    orderId,
                    order.status(),
                    order.pendingTransition(),
                    "The CA's certificate, serial " + certificate.serialNumber() + ", is valid until "
                            + moment(certificate.notAfter(), order.certificate().notAfter()) + " (certflow had "
                            + moment(order.certificate().notAfter(), certificate.notAfter())
                            + "): the expiry follows the CA",
                    clock.instant());
        }
        return status;
    }

    private static boolean replaced(Order order, String serialNumber) {
        return order.certificates().stream()
                .anyMatch(entry -> entry.state() != CertificateState.CURRENT
                        && entry.serialNumber().equals(serialNumber)
                        && (order.certificate() == null
                                || !serialNumber.equals(order.certificate().serialNumber())));
    }

    /** The day, or the exact time when the other date falls on the same day. */
    private static String moment(Instant instant, Instant other) {
        return DAY.format(instant).equals(DAY.format(other)) ? instant.toString() : DAY.format(instant);
    }

    private static CaStatus stillReissuing(CaStatus status) {
        String detail = status.detail() == null || status.detail().isBlank()
                ? "the replacement certificate is not issued yet"
                : "the replacement certificate is not issued yet (" + status.detail() + ")";
        return new CaStatus(CaState.PENDING, detail, null);
    }

    private static CaStatus currentValid(Order order, CaStatus status) {
        Order.CertificateInfo current = order.certificate();
        return new CaStatus(
                CaState.ISSUED,
                status.detail(),
                new IssuedCertificate(
                        current.serialNumber(),
                        current.notBefore(),
                        current.notAfter(),
                        current.pem(),
                        current.chainPem()));
    }

    /** The history line for what the CA reported, in words the customer understands. */
    public static String describe(CaStatus status) {
        String detail = status.detail() == null || status.detail().isBlank() ? "" : ": " + status.detail();
        return switch (status.state()) {
            case ISSUED -> describeIssued(status.certificate());
            case REJECTED -> "The CA reports the order rejected" + detail;
            case REVOKED -> "The CA reports the certificate revoked" + detail;
            case EXPIRED -> "The CA reports the certificate expired" + detail;
            case PENDING -> "The CA is still processing the order" + detail;
        };
    }

    /** The history line for an issued certificate, also when the CA has revoked it since. */
    public static String describeIssued(IssuedCertificate certificate) {
        return "Certificate issued by the CA, serial " + certificate.serialNumber() + ", valid until "
                + DAY.format(certificate.notAfter());
    }

    /** CA call latency and errors per operation, for {@code /actuator/prometheus} ({@code certflow_ca_calls_*}). */
    private <T> T timed(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "ok";
        try {
            return call.get();
        } catch (CaRefusedException e) {
            outcome = "refused";
            throw e;
        } catch (RuntimeException e) {
            outcome = "unavailable";
            throw e;
        } finally {
            Timer.builder("certflow.ca.calls")
                    .description("Calls to the certificate authority")
                    .tag("operation", operation)
                    .tag("outcome", outcome)
                    .register(meters)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private Order order(String orderId) {
        return store.find(orderId)
                .orElseThrow(() -> new IllegalStateException("No order " + orderId + " in the store"));
    }

    private static String caOrderNumber(Order order) {
        if (order.ca() == null) {
            throw new IllegalStateException("Order " + order.id() + " has no CA order number yet");
        }
        return order.ca().orderNumber();
    }
}
