package nl.certflow.process;

import static nl.certflow.process.ProcessVariables.*;

import java.util.HashMap;
import java.util.Map;
import nl.certflow.order.OrderDetails;
import nl.certflow.order.OrderStatus;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/**
 * What the control panel can ask of an order's process: start it, and deliver submit, change and cancel.
 * Messages are correlated by business key (= order id). Each method answers whether the process was waiting for
 * that message; the caller runs in the same transaction and turns "not waiting" into a conflict.
 */
@Component
public class OrderProcess {

    private final RuntimeService runtime;

    public OrderProcess(RuntimeService runtime) {
        this.runtime = runtime;
    }

    public void start(String orderId, OrderDetails details) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(ORDER_ID, orderId);
        variables.put(COMMON_NAME, details.commonName());
        variables.put(VALIDATION, details.validation().name());
        variables.put(STATUS, OrderStatus.OPEN.name());
        variables.put(PENDING_TRANSITION, null);
        variables.put(PREVALIDATION_REQUIRED, details.needsPrevalidation());
        variables.put(STATUS_REASON, "Order created");
        runtime.createProcessInstanceByKey(PROCESS_KEY).businessKey(orderId).setVariables(variables).execute();
    }

    public boolean submit(String orderId, String reason) {
        return correlate(MSG_SUBMIT_ORDER, orderId, Map.of(STATUS_REASON, reason));
    }

    public boolean changed(String orderId, boolean prevalidationRequired) {
        return correlate(MSG_ORDER_CHANGED, orderId,
                Map.of(PREVALIDATION_REQUIRED, prevalidationRequired, STATUS_REASON, "Order data changed"));
    }

    public boolean cancel(String orderId, String reason) {
        return correlate(MSG_CANCEL_ORDER, orderId, Map.of(STATUS_REASON, reason));
    }

    private boolean correlate(String message, String orderId, Map<String, Object> variables) {
        try {
            runtime.createMessageCorrelation(message).processInstanceBusinessKey(orderId).setVariables(variables)
                    .correlateWithResult();
            return true;
        } catch (MismatchingMessageCorrelationException e) {
            return false;
        }
    }
}
