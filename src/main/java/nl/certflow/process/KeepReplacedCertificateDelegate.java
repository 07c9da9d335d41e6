package nl.certflow.process;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import nl.certflow.order.CertificateState;
import nl.certflow.order.Order;
import nl.certflow.order.Order.CertificateEntry;
import nl.certflow.order.OrderStore;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Keep replaced certificate valid until its end": the automatic reissue of a term (the model's "Automatic reissue?"
 * yes) leaves the replaced certificate valid, so the customer can deploy the replacement before the old one ends
 * (reissuing at two thirds of the lifetime is for exactly that); a customer's reissue revokes it instead. Writes the history line; the certificate
 * stays REPLACED in {@code certificates} until its notAfter, then shows EXPIRED. Nothing goes to the CA.
 */
@Component("keepReplacedCertificate")
public class KeepReplacedCertificateDelegate implements JavaDelegate {

    private final OrderStore store;
    private final Clock clock;

    public KeepReplacedCertificateDelegate(OrderStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String orderId = execution.getProcessBusinessKey();
        Order order = store.find(orderId).orElseThrow(() -> new IllegalStateException("No order " + orderId));
        List<CertificateEntry> replaced = order.certificates().stream()
                .filter(entry -> entry.state() == CertificateState.REPLACED)
                .toList();
        if (replaced.isEmpty()) {
            return;
        }
        CertificateEntry last = replaced.get(replaced.size() - 1);
        store.appendHistory(
                orderId,
                order.status(),
                order.pendingTransition(),
                line(last.serialNumber(), last.notAfter()),
                clock.instant());
    }

    /** "Replaced certificate, serial 0A1B, stays valid until 2027-06-01T00:00:00Z (automatic reissue: not revoked)". */
    public static String line(String serialNumber, Instant notAfter) {
        return "Replaced certificate, serial " + serialNumber + ", stays valid until " + notAfter
                + " (automatic reissue: not revoked)";
    }
}
