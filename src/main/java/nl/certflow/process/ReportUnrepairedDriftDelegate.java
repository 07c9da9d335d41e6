package nl.certflow.process;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import nl.certflow.ca.CaReportEntry;
import nl.certflow.ca.CaStatus;
import nl.certflow.ca.CertificateAuthority;
import nl.certflow.order.Order;
import nl.certflow.order.OrderStore;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Report unrepaired drift", once per CA order the reconciliation could not repair: checks the order again (CA's
 * CollectSSL answer against certflow's order) and fails with what an operator must do while they still disagree;
 * the failed job is the order's incident in Cockpit. After the operator acted, retrying the incident checks again and
 * completes once certflow and the CA agree.
 */
@Component("reportUnrepairedDrift")
public class ReportUnrepairedDriftDelegate implements JavaDelegate {

    static final String CA_ORDER = "caOrderNumber";

    private final CertificateAuthority ca;
    private final OrderStore orders;
    private final Clock clock;

    public ReportUnrepairedDriftDelegate(CertificateAuthority ca, OrderStore orders, Clock clock) {
        this.ca = ca;
        this.orders = orders;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String caOrderNumber = (String) execution.getVariable(CA_ORDER);
        CaStatus status = ca.collect(caOrderNumber);
        CaReportEntry entry = new CaReportEntry(
                caOrderNumber,
                status.state(),
                null,
                status.certificate() == null ? null : status.certificate().notAfter());
        Optional<Order> order = orders.findIdByCaOrderNumber(caOrderNumber).flatMap(orders::find);
        Optional<String> drift = Drift.between(entry, order, clock.instant(), Duration.ZERO);
        if (drift.isPresent()) {
            throw new IllegalStateException(message(drift.get(), order));
        }
    }

    static String message(String drift, Optional<Order> order) {
        if (order.isEmpty()) {
            return "Drift: " + drift + ". Look the order up at the CA: if nobody at certflow placed it, cancel it"
                    + " there; otherwise find out why certflow lost it. Then retry this incident to check again.";
        }
        return "Drift on order " + order.get().id() + ": " + drift + ". Its process no longer waits for the CA,"
                + " so certflow cannot follow the CA by itself: decide whether the CA (e.g. revoke the certificate"
                + " there) or certflow's record is wrong, correct it, then retry this incident to check again.";
    }
}
