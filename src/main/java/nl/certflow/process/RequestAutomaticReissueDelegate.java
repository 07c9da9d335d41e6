package nl.certflow.process;

import static nl.certflow.process.ProcessVariables.AUTOMATIC_REISSUE;
import static nl.certflow.process.ProcessVariables.REQUEST_REASON;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import nl.certflow.order.Order;
import nl.certflow.order.OrderStore;
import nl.certflow.order.TermRules;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Request automatic reissue": the timer "Reissue due" fired. Records a reissue from the order's current CSR (the
 * last one the customer gave; superseded, not a key compromise) and the history line as {@code requestReason}; the
 * customer's reissue path does the rest (mark pending, AutoReplaceSSL, wait); {@code automaticReissue} true: the
 * replaced certificate stays valid until its own end (the overlap reissuing at two thirds is for).
 */
@Component("requestAutomaticReissue")
public class RequestAutomaticReissueDelegate implements JavaDelegate {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final OrderStore store;
    private final TermRules rules;

    public RequestAutomaticReissueDelegate(OrderStore store, TermRules rules) {
        this.store = store;
        this.rules = rules;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String orderId = execution.getProcessBusinessKey();
        Order order = store.find(orderId).orElseThrow(() -> new IllegalStateException("No order " + orderId));
        String reason = reason(
                rules.reissueAtFraction(),
                order.term() == null ? null : order.term().endsAt());
        store.recordReissueRequest(orderId, null, reason, false);
        execution.setVariable(REQUEST_REASON, reason);
        execution.setVariable(AUTOMATIC_REISSUE, true);
    }

    /** "Automatic reissue: two thirds of the certificate's validity have passed (term until 2028-06-01), same CSR". */
    public static String reason(double fraction, Instant termEnd) {
        String part = Math.abs(fraction - TermRules.TWO_THIRDS) < 1e-9
                ? "two thirds"
                : String.format(Locale.ROOT, "%.0f%%", fraction * 100);
        return "Automatic reissue: " + part + " of the certificate's validity have passed"
                + (termEnd == null ? "" : " (term until " + DAY.format(termEnd) + ")") + ", same CSR";
    }
}
