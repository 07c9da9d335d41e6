package nl.certflow.ca;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import nl.certflow.order.Order;
import nl.certflow.order.OrderStore;
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

    public CaOrderService(CertificateAuthority ca, OrderStore store, MeterRegistry meters) {
        this.ca = ca;
        this.store = store;
        this.meters = meters;
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
                        order.validityDays(),
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
        timed("cancel", () -> {
            ca.cancel(caOrderNumber(order), reason);
            return null;
        });
    }

    /** The CA's allowed approver addresses for a domain. */
    public List<String> approverEmails(String domain) {
        return timed("approverEmails", () -> ca.approverEmails(domain));
    }

    /** Reads the CA's state and keeps the certificate once issued. */
    public CaStatus collect(String orderId) {
        Order order = order(orderId);
        CaStatus status = timed("collect", () -> ca.collect(caOrderNumber(order)));
        IssuedCertificate certificate = status.certificate();
        if (certificate != null
                && (order.certificate() == null
                        || !certificate
                                .serialNumber()
                                .equals(order.certificate().serialNumber()))) {
            store.recordCertificate(
                    orderId,
                    certificate.serialNumber(),
                    certificate.notBefore(),
                    certificate.notAfter(),
                    certificate.pem(),
                    certificate.chainPem());
        }
        return status;
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
