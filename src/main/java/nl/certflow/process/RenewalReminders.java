package nl.certflow.process;

import static nl.certflow.process.ProcessVariables.*;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import nl.certflow.order.Order;
import nl.certflow.order.OrderStore;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * When the renewal reminders of an Actief order are due: {@code certflow.orders.reminder-days} (default 30, 14 and 7)
 * days before the certificate ends (or, for an order with a term, the term: {@code termEndsAt}). The model's timer "Renewal reminder due" reads {@code
 * ${renewalReminders.nextAt(execution)}}; "Send renewal reminder" asks {@link #due} which reminder it sends. A
 * reminder whose day has already passed when the stage is entered (a short certificate) is skipped; none is due once
 * a renewal was ordered ({@code renewedBy}).
 */
@Component("renewalReminders")
public class RenewalReminders {

    /** When no reminder is left the timer is set a day after the end: the expiry ends the stage first. */
    private static final Duration AFTER_THE_END = Duration.ofDays(1);

    private static final Duration DAY = Duration.ofDays(1);

    private final List<Integer> days;
    private final Function<String, Optional<Instant>> termEnd;

    /** {@code certflow.orders.reminder-days}: a comma list ({@code 30,14,7}) or a YAML list. */
    @Autowired
    public RenewalReminders(Environment environment, OrderStore store) {
        this(
                Binder.get(environment)
                        .bind("certflow.orders.reminder-days", Bindable.listOf(Integer.class))
                        .orElse(List.of(30, 14, 7)),
                orderId -> store.term(orderId).map(Order.Term::endsAt));
    }

    public RenewalReminders(List<Integer> days) {
        this(days, orderId -> Optional.empty());
    }

    /** {@code termEnd}: the end of the order's term by order id (empty without a term). */
    public RenewalReminders(List<Integer> days, Function<String, Optional<Instant>> termEnd) {
        this.termEnd = termEnd;
        if (days.stream().anyMatch(day -> day == null || day < 1 || day > 3650)) {
            throw new IllegalArgumentException(
                    "certflow.orders.reminder-days must be days from 1 to 3650 before the end, e.g. 30,14,7: " + days);
        }
        this.days = days.stream().distinct().sorted(Comparator.reverseOrder()).toList();
    }

    /** The reminder days, largest first. */
    public List<Integer> days() {
        return days;
    }

    /** A reminder: {@code daysLeft} whole days (rounded up) until {@code endsAt}. */
    public record Reminder(int days, long daysLeft, Instant endsAt) {

        public String text() {
            return "Renewal reminder: the certificate expires in " + daysLeft + (daysLeft == 1 ? " day" : " days")
                    + " (" + endsAt + "); renew the order to keep a certificate in place";
        }
    }

    /** The timer's date: the next reminder day after now, or (none left, or renewed) a day after the end. */
    public Date nextAt(VariableScope execution) {
        Instant now = ClockUtil.getCurrentTime().toInstant();
        Instant end = endOf(execution);
        return Date.from(next(end, renewed(execution), now)
                .orElseGet(() -> latest(end, now).plus(AFTER_THE_END)));
    }

    /** The reminder to send now, if any: the latest reminder day that has come (one reminder, also after a delay). */
    public Optional<Reminder> due(VariableScope execution) {
        return due(
                endOf(execution), renewed(execution), ClockUtil.getCurrentTime().toInstant());
    }

    Optional<Instant> next(Instant end, boolean renewed, Instant now) {
        if (renewed || end == null) {
            return Optional.empty();
        }
        return days.stream()
                .map(day -> end.minus(Duration.ofDays(day)))
                .filter(at -> at.isAfter(now))
                .min(Comparator.naturalOrder());
    }

    Optional<Reminder> due(Instant end, boolean renewed, Instant now) {
        if (renewed || end == null || !end.isAfter(now)) {
            return Optional.empty();
        }
        return days.stream()
                .filter(day -> !end.minus(Duration.ofDays(day)).isAfter(now))
                .min(Comparator.naturalOrder())
                .map(day -> new Reminder(day, daysLeft(now, end), end));
    }

    private static long daysLeft(Instant now, Instant end) {
        Duration left = Duration.between(now, end);
        long whole = left.toDays();
        return left.minus(DAY.multipliedBy(whole)).isZero() ? whole : whole + 1;
    }

    private static Instant latest(Instant end, Instant now) {
        return end == null || end.isBefore(now) ? now : end;
    }

    private static boolean renewed(VariableScope execution) {
        return execution.getVariable(RENEWED_BY) != null;
    }

    /**
     * The term's end when the order has a term ({@code termEndsAt}, or the order store's term), else the certificate's
     * {@code notAfter}.
     */
    private Instant endOf(VariableScope execution) {
        if (execution.getVariable(TERM_ENDS_AT) instanceof Date end) {
            return end.toInstant();
        }
        if (execution instanceof DelegateExecution delegate && delegate.getProcessBusinessKey() != null) {
            Optional<Instant> end = termEnd.apply(delegate.getProcessBusinessKey());
            if (end.isPresent()) {
                return end.get();
            }
        }
        Object notAfter = execution.getVariable(NOT_AFTER);
        return notAfter instanceof Date date ? date.toInstant() : null;
    }
}
