package nl.certflow.process;

import static nl.certflow.process.ProcessVariables.*;

import java.time.Clock;
import nl.certflow.order.OrderStatus;
import nl.certflow.order.OrderStore;
import nl.certflow.order.PendingTransition;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The status-recording step: writes the status, pending transition and a history line to the order store, in the
 * engine's transaction. Reads its task's inputs {@code newStatus}, {@code newPendingTransition} (empty = none) and
 * {@code historyReason}; it writes no variable: the task's output parameters in the model do that, visibly.
 */
@Component("recordOrderStatus")
public class RecordOrderStatusDelegate implements JavaDelegate {

    private final OrderStore store;
    private final Clock clock;

    public RecordOrderStatusDelegate(OrderStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        OrderStatus status = OrderStatus.valueOf((String) execution.getVariableLocal(NEW_STATUS));
        String pendingName = (String) execution.getVariableLocal(NEW_PENDING_TRANSITION);
        PendingTransition pending =
                pendingName == null || pendingName.isBlank() ? null : PendingTransition.valueOf(pendingName);
        Object reason = execution.getVariableLocal(HISTORY_REASON);
        store.recordStatus(
                execution.getProcessBusinessKey(),
                status,
                pending,
                reason == null ? null : reason.toString(),
                clock.instant());
    }
}
