package nl.certflow.process;

import static nl.certflow.process.ProcessVariables.REISSUE_AT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import nl.certflow.order.Order;
import nl.certflow.order.OrderStore;
import nl.certflow.order.TermSchedule;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Plan next reissue": sets {@code reissueAt}, the date of the timer "Reissue due", each time the Actief wait is
 * entered (after an issue, a replacement, a refused reissue, a push). See {@link #reissueAt}.
 */
@Component("planReissue")
public class PlanReissueDelegate implements JavaDelegate {

    /**
     * No reissue: the timer waits a hundred years past the certificate's end, in effect never. Not a day: after an
     * outage longer than that both timers would be due, and the job executor takes due jobs in no fixed order.
     */
    public static Instant never(Instant notAfter) {
        return notAfter.atOffset(ZoneOffset.UTC).plusYears(100).toInstant();
    }

    /** A planned date that has passed (the CA refused the automatic reissue) moves this far ahead, at most. */
    static final Duration RETRY_AFTER = Duration.ofDays(1);

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
                ? never(clock.instant()) // no certificate data: nothing to reissue
                : reissueAt(schedule, certificate.notBefore(), certificate.notAfter(), termEnd, clock.instant());
        execution.setVariable(REISSUE_AT, Date.from(at));
    }

    /**
     * The timer's date for the certificate valid {@code notBefore}..{@code notAfter}: the schedule's reissue date
     * ({@link TermSchedule#reissueAt}); none (no term, or the term's last certificate): {@link #never};
     * a date already passed: {@code now} plus a day, or half the time the certificate has left when that is less.
     */
    public static Instant reissueAt(
            TermSchedule schedule, Instant notBefore, Instant notAfter, Instant termEnd, Instant now) {
        Instant planned = schedule.reissueAt(notBefore, notAfter, termEnd);
        if (planned == null) {
            return never(notAfter);
        }
        if (planned.isAfter(now)) {
            return planned;
        }
        Duration left = Duration.between(now, notAfter);
        Duration retry = left.isNegative() ? RETRY_AFTER : min(RETRY_AFTER, left.dividedBy(2));
        return now.plus(retry);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
