package nl.certflow.process;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.certflow.ca.CaReportEntry;
import nl.certflow.ca.CaReportPage;
import nl.certflow.ca.CertificateAuthority;
import nl.certflow.operations.ReconciliationReport;
import nl.certflow.operations.ReconciliationReports;
import nl.certflow.order.Order;
import nl.certflow.order.OrderStore;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * "Compare orders with CA": pages through the CA's report of the orders placed in the look-back window (Sectigo
 * WebHostReport; the simulator answers the same) and compares each with certflow's order. A drifted order gets a
 * history entry and is woken with {@code Msg_CaStatusChanged}, so its own process collects the status from the CA
 * (the CA's word decides, as for a push). What cannot be repaired that way (an order unknown to certflow, or one
 * whose process no longer waits for the CA) goes to {@code unrepairedDrift}: one incident per order follows. The
 * report is stored for operators ({@code GET /api/operations/reconciliation}).
 */
@Component("reconcileWithCa")
public class ReconcileWithCaDelegate implements JavaDelegate {

    static final String UNREPAIRED_DRIFT = "unrepairedDrift";
    static final String DRIFTED_ORDERS = "driftedOrders";

    private final CertificateAuthority ca;
    private final OrderStore orders;
    private final OrderMessages messages;
    private final Reconciliation settings;
    private final ReconciliationReports reports;
    private final Clock clock;

    public ReconcileWithCaDelegate(
            CertificateAuthority ca,
            OrderStore orders,
            OrderMessages messages,
            Reconciliation settings,
            ReconciliationReports reports,
            Clock clock) {
        this.ca = ca;
        this.orders = orders;
        this.messages = messages;
        this.settings = settings;
        this.reports = reports;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Instant now = clock.instant();
        Instant from = now.minus(settings.lookback());
        List<String> lines = new ArrayList<>();
        List<String> unrepaired = new ArrayList<>();
        int caOrders = 0;
        int drifted = 0;
        int first = 1;
        CaReportPage page;
        do {
            page = ca.report(from, now, first, first + settings.pageSize() - 1);
            for (CaReportEntry entry : page.entries()) {
                caOrders++;
                Optional<String> orderId = orders.findIdByCaOrderNumber(entry.orderNumber());
                Optional<Order> order = orderId.flatMap(orders::find);
                Optional<String> drift = Drift.between(entry, order, now, settings.grace());
                if (drift.isEmpty()) {
                    continue;
                }
                drifted++;
                if (order.isEmpty()) {
                    lines.add("Not repaired: " + drift.get() + ".");
                    unrepaired.add(entry.orderNumber());
                    continue;
                }
                Order known = order.get();
                orders.appendHistory(
                        known.id(),
                        known.status(),
                        known.pendingTransition(),
                        "Reconciliation with the CA: " + drift.get() + "; certflow asks the CA again",
                        now);
                if (messages.caStatusChanged(known.id())) {
                    lines.add("Collected again: order " + known.id() + ": " + drift.get() + ".");
                } else {
                    lines.add("Not repaired: order " + known.id() + ": " + drift.get()
                            + "; its process does not wait for the CA.");
                    unrepaired.add(entry.orderNumber());
                }
            }
            first += settings.pageSize();
        } while (!page.entries().isEmpty() && first <= page.total());
        lines.add(
                0,
                caOrders + " CA order(s) placed since " + from + " compared, " + drifted + " drifted, "
                        + unrepaired.size() + " not repaired.");
        reports.save(new ReconciliationReport(now, from, now, caOrders, drifted, unrepaired.size(), lines));
        execution.setVariable(DRIFTED_ORDERS, drifted);
        // Transient: read at once by the multi-instance step after this one, never stored as a serialized list.
        execution.setVariable(
                UNREPAIRED_DRIFT, Variables.objectValue(unrepaired, true).create());
    }
}
