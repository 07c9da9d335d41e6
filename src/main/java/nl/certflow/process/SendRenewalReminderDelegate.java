package nl.certflow.process;

import static nl.certflow.process.ProcessVariables.*;

import java.time.Clock;
import java.util.Optional;
import nl.certflow.order.OrderEventType;
import nl.certflow.order.OrderStatus;
import nl.certflow.order.OrderStore;
import nl.certflow.order.PendingTransition;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Send renewal reminder": writes the reminder that is due ({@link RenewalReminders#due}) to the order's history, and
 * with it the event {@code order.renewal_reminder} (the outbox row, same transaction), which the reseller's systems
 * read or receive as a webhook. Writes nothing when no reminder is due (renewed meanwhile, or past the end).
 */
@Component("sendRenewalReminder")
public class SendRenewalReminderDelegate implements JavaDelegate {

    private final OrderStore store;
    private final RenewalReminders reminders;
    private final Clock clock;

    public SendRenewalReminderDelegate(OrderStore store, RenewalReminders reminders, Clock clock) {
        this.store = store;
        this.reminders = reminders;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        reminder(execution, reminders).ifPresent(text -> {
            String pending = (String) execution.getVariable(PENDING_TRANSITION);
            store.appendHistory(
                    execution.getProcessBusinessKey(),
                    OrderEventType.RENEWAL_REMINDER,
                    OrderStatus.valueOf((String) execution.getVariable(STATUS)),
                    pending == null || pending.isBlank() ? null : PendingTransition.valueOf(pending),
                    text,
                    clock.instant());
        });
    }

    /** The history line of the reminder that is due now, if any (the process tests' stub writes it too). */
    static Optional<String> reminder(DelegateExecution execution, RenewalReminders reminders) {
        return reminders.due(execution).map(RenewalReminders.Reminder::text);
    }
}
