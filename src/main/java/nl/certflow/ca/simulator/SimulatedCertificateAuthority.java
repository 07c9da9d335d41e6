package nl.certflow.ca.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import nl.certflow.ca.CaDcvChange;
import nl.certflow.ca.CaOrderRequest;
import nl.certflow.ca.CaRefusedException;
import nl.certflow.ca.CaReissueRequest;
import nl.certflow.ca.CaReportEntry;
import nl.certflow.ca.CaReportPage;
import nl.certflow.ca.CaRevocation;
import nl.certflow.ca.CaState;
import nl.certflow.ca.CaStatus;
import nl.certflow.ca.CaSubmission;
import nl.certflow.ca.CaUnavailableException;
import nl.certflow.ca.CertificateAuthority;
import nl.certflow.ca.DcvProbe;
import nl.certflow.ca.IssuedCertificate;
import nl.certflow.ca.simulator.SimulatorOrders.SimulatedOrder;
import nl.certflow.order.DcvMethod;
import nl.certflow.order.DcvStatus;
import nl.certflow.order.DcvTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIMULATED CA — the embedded default, not a real certificate authority. It behaves like Sectigo as seen by a
 * reseller: an order is reviewed for a while, then issued (a real X.509 certificate signed with the simulator's own
 * test CA key) or rejected, and the result is pushed to certflow's webhook over HTTP in Sectigo's push format.
 * Cancelling an unissued order rejects it; cancelling an issued one revokes it. A reissue puts an issued order under
 * review again and issues the replacement (new serial, new certificate id) like the first certificate, for the
 * validity certflow asks (capped at the SC-081 maximum by certflow); revoking a replaced certificate is confirmed at
 * once.
 *
 * <p>Outcomes are steered by the common name's first label, for demos and tests:
 * {@code reject.*} is rejected, {@code silent.*} is decided without a push (only polling finds out),
 * {@code hold.*} is never decided, {@code short.*} is issued valid for two minutes only (to watch Vervallen happen),
 * {@code term.*} for three minutes (to watch a term's automatic reissues),
 * {@code dcv.*} waits for its DCV records: a collect issues it once every domain's record is in place, looked up
 * through {@link DcvProbe} (certflow's own check, against {@code certflow.dcv.dns-servers}).
 * Anything else is issued.
 */
public class SimulatedCertificateAuthority implements CertificateAuthority {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedCertificateAuthority.class);
    private static final Duration SHORT_VALIDITY = Duration.ofMinutes(2);
    /**
     * A common name starting with this is issued for three minutes (or the validity certflow asks, when less): an
     * order with a term ({@code termMonths}) then shows its automatic reissues within minutes (README, "A term").
     */
    public static final String TERM_PREFIX = "term.";

    static final Duration TERM_DEMO_VALIDITY = Duration.ofMinutes(3);
    /** A common name starting with this waits for its DCV records instead of being validated after the delay. */
    public static final String DCV_PREFIX = "dcv.";

    private static final List<String> APPROVER_MAILBOXES =
            List.of("admin", "administrator", "hostmaster", "postmaster", "webmaster");

    private final SimulatorOrders orders;
    private final SimulatedCaSigner signer;
    private final SimulatorPushSender pushes;
    private final ScheduledExecutorService scheduler;
    private final SimulatorProperties properties;
    private final Clock clock;
    private final Supplier<DcvProbe> probes;

    public SimulatedCertificateAuthority(
            SimulatorOrders orders,
            SimulatedCaSigner signer,
            SimulatorPushSender pushes,
            ScheduledExecutorService scheduler,
            SimulatorProperties properties,
            Clock clock,
            Supplier<DcvProbe> probes) {
        this.probes = probes;
        this.orders = orders;
        this.signer = signer;
        this.pushes = pushes;
        this.scheduler = scheduler;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public CaSubmission submit(CaOrderRequest request) {
        // demo of an incident (README, "An incident on purpose"): this CA is never reachable for such an order
        if (request.commonName() != null
                && request.commonName().toLowerCase(Locale.ROOT).startsWith("unavailable.")) {
            throw new CaUnavailableException("Simulated CA: HTTP 503 Service Unavailable for order " + request.orderId()
                    + " (its common name starts with 'unavailable.'; retried, then an incident for an operator)");
        }
        SimulatedOrder order = orders.findByForeignOrderNumber(request.orderId())
                .orElseGet(() -> orders.create(request, clock.instant()));
        if (order.state() == CaState.PENDING) {
            schedule(properties.decisionDelay(), () -> decide(order.orderNumber()));
        }
        return new CaSubmission(order.orderNumber(), order.certificateId());
    }

    @Override
    public void cancel(String caOrderNumber, String reason) {
        SimulatedOrder order = orders.find(caOrderNumber)
                .orElseThrow(() -> new CaRefusedException("Simulated CA: unknown order " + caOrderNumber));
        schedule(properties.cancellationDelay(), () -> confirmCancellation(order.orderNumber(), reason));
    }

    @Override
    public CaSubmission replace(CaReissueRequest request) {
        SimulatedOrder order = orders.find(request.caOrderNumber())
                .orElseThrow(() -> new CaRefusedException("Simulated CA: unknown order " + request.caOrderNumber()));
        String certificateId = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 10_000_000_000L));
        if (!orders.replace(order.orderNumber(), request.csrPem(), request.validityDays(), certificateId)) {
            throw new CaRefusedException("Simulated CA: order " + order.orderNumber() + " has no issued certificate to"
                    + " replace (" + order.state() + ")");
        }
        schedule(properties.decisionDelay(), () -> decide(order.orderNumber()));
        return new CaSubmission(order.orderNumber(), certificateId);
    }

    @Override
    public void revoke(CaRevocation revocation) {
        LOG.info(
                "Simulated CA: certificate {} (serial {}) of order {} revoked: {}",
                revocation.certificateId(),
                revocation.serialNumber(),
                revocation.caOrderNumber(),
                revocation.reason());
    }

    @Override
    public CaStatus collect(String caOrderNumber) {
        SimulatedOrder order = orders.find(caOrderNumber)
                .orElseThrow(() -> new CaRefusedException("Simulated CA: unknown order " + caOrderNumber));
        Map<String, DcvStatus> dcv = dcvStates(order);
        if (order.state() == CaState.PENDING
                && order.commonName().toLowerCase(Locale.ROOT).startsWith(DCV_PREFIX)
                && dcv.values().stream().allMatch(status -> status == DcvStatus.VALIDATED)) {
            // the records are in place: the CA issues now, and answers this collect with it (no push to wait for)
            issue(order, false);
            order = orders.find(caOrderNumber).orElseThrow();
            dcv = dcvStates(order);
        }
        IssuedCertificate certificate = order.certificate() == null
                ? null
                : new IssuedCertificate(
                        order.certificate().serialNumber(),
                        order.certificate().notBefore(),
                        order.certificate().notAfter(),
                        order.certificate().pem(),
                        signer.caCertificatePem());
        return new CaStatus(order.state(), order.detail(), certificate, dcv);
    }

    /** Like Sectigo's list without a DNS TXT contact: the five administrative addresses of the domain. */
    @Override
    public List<String> approverEmails(String domain) {
        String base = domain.strip().toLowerCase(Locale.ROOT);
        base = base.startsWith("*.") ? base.substring(2) : base;
        List<String> addresses = new ArrayList<>();
        for (String mailbox : APPROVER_MAILBOXES) {
            addresses.add(mailbox + "@" + base);
        }
        return List.copyOf(addresses);
    }

    /** Like Sectigo's AutoUpdateDCV: only while the order awaits validation; EMAIL sends the approval e-mail. */
    @Override
    public void changeDcvMethod(CaDcvChange change) {
        SimulatedOrder order = orders.find(change.caOrderNumber())
                .orElseThrow(() -> new CaRefusedException("Simulated CA: unknown order " + change.caOrderNumber()));
        String email = change.method() == DcvMethod.EMAIL ? change.approverEmail() : null;
        if (!orders.changeDcv(order.orderNumber(), change.method(), email)) {
            throw new CaRefusedException("Simulated CA: order " + order.orderNumber()
                    + " is not awaiting domain control validation (" + order.state() + ")");
        }
        LOG.info(
                "Simulated CA: order {} is validated by {} now{}",
                order.orderNumber(),
                change.method(),
                email == null ? "" : "; the approval e-mail went to " + email);
    }

    /** Like Sectigo's ResendDCVEmail: only for an order awaiting validation by e-mail. */
    @Override
    public void resendDcvEmail(String caOrderNumber, String approverEmail) {
        SimulatedOrder order = orders.find(caOrderNumber)
                .orElseThrow(() -> new CaRefusedException("Simulated CA: unknown order " + caOrderNumber));
        if (order.state() != CaState.PENDING || order.dcvMethod() != DcvMethod.EMAIL) {
            throw new CaRefusedException("Simulated CA: order " + caOrderNumber + " awaits no approval e-mail ("
                    + order.state() + ", " + order.dcvMethod() + ")");
        }
        LOG.info(
                "Simulated CA: the approval e-mail of order {} went to {} again",
                caOrderNumber,
                approverEmail == null ? order.dcvEmail() : approverEmail);
    }

    /** The same answer as Sectigo's WebHostReport: the orders placed in the range, paged. */
    @Override
    public CaReportPage report(Instant placedFrom, Instant placedTo, int firstResultNo, int lastResultNo) {
        List<CaReportEntry> entries = orders.placedBetween(placedFrom, placedTo, firstResultNo, lastResultNo).stream()
                .map(order -> new CaReportEntry(
                        order.orderNumber(),
                        order.state(),
                        order.certificateId(),
                        order.certificate() == null ? null : order.certificate().notAfter()))
                .toList();
        return new CaReportPage(entries, orders.countPlacedBetween(placedFrom, placedTo));
    }

    /** After a restart, orders still under review get their decision again, as a real CA would still decide. */
    public void resumePendingDecisions() {
        orders.pendingOrderNumbers().forEach(number -> schedule(properties.decisionDelay(), () -> decide(number)));
    }

    private void decide(String orderNumber) {
        SimulatedOrder order = orders.find(orderNumber).orElse(null);
        if (order == null || order.state() != CaState.PENDING) {
            return;
        }
        String steering = order.commonName().toLowerCase(Locale.ROOT);
        if (steering.startsWith("hold.")) {
            return;
        }
        if (steering.startsWith("reject.")) {
            if (orders.transition(
                    orderNumber, CaState.PENDING, CaState.REJECTED, "Domain control validation failed", null)) {
                push(order, SimulatorPushSender.REJECTED, "Rejected", null);
            }
            return;
        }
        if (steering.startsWith(DCV_PREFIX) && !dcvInPlace(order)) {
            return; // waits for the customer's records: a collect looks again
        }
        issue(order, true);
    }

    /** Issues (or, when the CSR cannot be signed, rejects) a pending order; a push only when the CA decided alone. */
    private void issue(SimulatedOrder order, boolean push) {
        String orderNumber = order.orderNumber();
        String steering = order.commonName().toLowerCase(Locale.ROOT);
        IssuedCertificate certificate;
        try {
            // the validity certflow asks (the SC-081 maximum of the day, never past a term's end) caps the demo ones
            // too
            Duration asked = Duration.ofDays(order.validityDays());
            Duration validity = steering.startsWith("short.")
                    ? SHORT_VALIDITY
                    : steering.startsWith(TERM_PREFIX) ? min(TERM_DEMO_VALIDITY, asked) : asked;
            certificate = signer.sign(order.csrPem(), order.commonName(), order.subjectAlternativeNames(), validity);
        } catch (CaRefusedException e) {
            if (orders.transition(orderNumber, CaState.PENDING, CaState.REJECTED, e.getMessage(), null) && push) {
                push(order, SimulatorPushSender.REJECTED, "Rejected", null);
            }
            return;
        }
        if (orders.transition(orderNumber, CaState.PENDING, CaState.ISSUED, "Issued", certificate) && push) {
            push(order, SimulatorPushSender.ISSUED, "Issued", certificate.pem());
        }
    }

    /** Every domain's record in place, as the probe (certflow's configured resolver) sees it. */
    private boolean dcvInPlace(SimulatedOrder order) {
        return dcvStates(order).values().stream().allMatch(status -> status == DcvStatus.VALIDATED);
    }

    private Map<String, DcvStatus> dcvStates(SimulatedOrder order) {
        Map<String, DcvStatus> states = new LinkedHashMap<>();
        List<String> domains = DcvTokens.domains(order.commonName(), order.subjectAlternativeNames());
        boolean waitsForRecords = order.commonName().toLowerCase(Locale.ROOT).startsWith(DCV_PREFIX);
        DcvProbe probe = probes.get();
        for (String domain : domains) {
            DcvStatus status = switch (order.state()) {
                case ISSUED, REVOKED, EXPIRED -> DcvStatus.VALIDATED;
                case REJECTED -> DcvStatus.FAILED;
                case PENDING ->
                    waitsForRecords
                                    && probe != null
                                    && probe.recordInPlace(
                                            order.dcvMethod(),
                                            domain,
                                            DcvTokens.of(order.csrPem(), order.uniqueValue()))
                            ? DcvStatus.VALIDATED
                            : DcvStatus.PENDING;
            };
            states.put(domain, status);
        }
        return states;
    }

    private void confirmCancellation(String orderNumber, String reason) {
        SimulatedOrder order = orders.find(orderNumber).orElse(null);
        if (order == null) {
            return;
        }
        String detail = "Cancelled by the reseller: " + reason;
        if (order.state() == CaState.PENDING
                && orders.transition(orderNumber, CaState.PENDING, CaState.REJECTED, detail, null)) {
            push(order, SimulatorPushSender.REJECTED, "Rejected", null);
        } else if (order.state() == CaState.ISSUED
                && orders.transition(orderNumber, CaState.ISSUED, CaState.REVOKED, detail, order.certificate())) {
            push(order, SimulatorPushSender.REVOKED, "Revoked", null);
        }
    }

    private void push(SimulatedOrder order, int statusCode, String status, String certificatePem) {
        if (order.commonName().toLowerCase(Locale.ROOT).startsWith("silent.")) {
            return;
        }
        pushes.send(order.orderNumber(), order.certificateId(), statusCode, status, certificatePem);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void schedule(Duration delay, Runnable action) {
        scheduler.schedule(
                () -> {
                    try {
                        action.run();
                    } catch (RuntimeException e) {
                        LOG.warn("Simulated CA: action failed: {}", e.toString());
                    }
                },
                delay.toMillis(),
                TimeUnit.MILLISECONDS);
    }
}
