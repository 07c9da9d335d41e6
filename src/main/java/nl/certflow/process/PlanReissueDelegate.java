package nl.certflow.process;

import static nl.certflow.process.ProcessVariables.REISSUE_AT;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import nl.certflow.order.Order;
import nl.certflow.order.OrderStore;
import nl.certflow.order.TermSchedule;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Plan next reissue": sets {@code reissueAt}, the date of the timer "Reissue due", each time the Actief wait is
 * entered (after an issue, a replacement, a refused reissue, a push). See {@link TermSchedule#reissueTimerAt}.
 */
@Component("planReissue")
public class PlanReissueDelegate implements JavaDelegate {

    private final OrderStore store;
    private final TermSchedule schedule;
    private final Clock clock;

    public PlanReissueDelegate(OrderStore store, TermSchedule schedule, Clock clock) {
        this.store = store;
        this.schedule = schedule;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Order order = store.find(execution.getProcessBusinessKey())
                .orElseThrow(() -> new IllegalStateException("No order " + execution.getProcessBusinessKey()));
        Order.CertificateInfo certificate = order.certificate();
        Instant termEnd = order.term() == null ? null : order.term().endsAt();
        Instant at = certificate == null
                ? TermSchedule.never(clock.instant()) // no certificate data: nothing to reissue
                : schedule.reissueTimerAt(certificate.notBefore(), certificate.notAfter(), termEnd, clock.instant());
        execution.setVariable(REISSUE_AT, Date.from(at));
    }
}
