package nl.certflow.ca.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
import nl.certflow.ca.IssuedCertificate;
import nl.certflow.ca.simulator.SimulatorOrders.SimulatedOrder;
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
 * {@code hold.*} is never decided, {@code short.*} is issued valid for two minutes only (to watch Vervallen happen).
 * Anything else is issued.
 */
public class SimulatedCertificateAuthority implements CertificateAuthority {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedCertificateAuthority.class);
    private static final Duration SHORT_VALIDITY = Duration.ofMinutes(2);

    private final SimulatorOrders orders;
    private final SimulatedCaSigner signer;
    private final SimulatorPushSender pushes;
    private final ScheduledExecutorService scheduler;
    private final SimulatorProperties properties;
    private final Clock clock;

    public SimulatedCertificateAuthority(
            SimulatorOrders orders,
            SimulatedCaSigner signer,
            SimulatorPushSender pushes,
            ScheduledExecutorService scheduler,
            SimulatorProperties properties,
            Clock clock) {
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
        IssuedCertificate certificate = order.certificate() == null
                ? null
                : new IssuedCertificate(
                        order.certificate().serialNumber(),
                        order.certificate().notBefore(),
                        order.certificate().notAfter(),
                        order.certificate().pem(),
                        signer.caCertificatePem());
        return new CaStatus(order.state(), order.detail(), certificate);
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
        IssuedCertificate certificate;
        try {
            Duration validity = steering.startsWith("short.") ? SHORT_VALIDITY : Duration.ofDays(order.validityDays());
            certificate = signer.sign(order.csrPem(), order.commonName(), order.subjectAlternativeNames(), validity);
        } catch (CaRefusedException e) {
            if (orders.transition(orderNumber, CaState.PENDING, CaState.REJECTED, e.getMessage(), null)) {
                push(order, SimulatorPushSender.REJECTED, "Rejected", null);
            }
            return;
        }
        if (orders.transition(orderNumber, CaState.PENDING, CaState.ISSUED, "Issued", certificate)) {
            push(order, SimulatorPushSender.ISSUED, "Issued", certificate.pem());
        }
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
