package nl.certflow.process;

import static nl.certflow.process.ProcessVariables.*;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import nl.certflow.order.DcvMethod;
import nl.certflow.order.OrderConflictException;
import nl.certflow.order.OrderDetails;
import nl.certflow.order.OrderProcess;
import nl.certflow.order.OrderStatus;
import nl.certflow.order.OrderStore;
import nl.certflow.order.PendingTransition;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.EventSubscription;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Every message to an order's process goes through here: the control panel's submit, change and cancel and the CA
 * push. Messages are correlated by business key (= order id). Whether an order accepts a message is the model's rule:
 * a message no wait state of the order subscribes to is refused, and the refusal names the messages the order does
 * wait for ("The order is Aangevraagd and can now only be cancelled").
 */
@Component
public class OrderMessages implements OrderProcess {

    /** What the customer's messages do, in the words of a refusal; the order of the list is the order of the words. */
    private static final Map<String, String> CUSTOMER_ACTIONS = new LinkedHashMap<>();

    static {
        CUSTOMER_ACTIONS.put(MSG_SUBMIT_ORDER, "submitted");
        CUSTOMER_ACTIONS.put(MSG_ORDER_CHANGED, "changed");
        CUSTOMER_ACTIONS.put(MSG_CANCEL_ORDER, "cancelled");
        CUSTOMER_ACTIONS.put(MSG_REISSUE_ORDER, "reissued");
        CUSTOMER_ACTIONS.put(MSG_RENEWAL_ORDERED, "renewed");
    }

    /** Actions on the order's DCV: named in their own refusal, not among what an order "can now only" do. */
    private static final Map<String, String> DCV_ACTIONS = Map.of(
            MSG_CHANGE_DCV_METHOD, "given another DCV method at the CA",
            MSG_RESEND_DCV_EMAIL, "sent the approval e-mail again");

    private final RuntimeService runtime;
    private final Function<String, Optional<OrderStatus>> storedStatus;

    @Autowired
    public OrderMessages(RuntimeService runtime, OrderStore store) {
        this(runtime, orderId -> store.currentStatus(orderId).map(OrderStore.CurrentStatus::status));
    }

    /** {@code storedStatus}: the order's status once its process has ended (engine history keeps no variables). */
    OrderMessages(RuntimeService runtime, Function<String, Optional<OrderStatus>> storedStatus) {
        this.runtime = runtime;
        this.storedStatus = storedStatus;
    }

    @Override
    public void start(String orderId, OrderDetails details) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(ORDER_ID, orderId);
        variables.put(COMMON_NAME, details.commonName());
        variables.put(VALIDATION, details.validation().name());
        variables.put(STATUS, OrderStatus.OPEN.name());
        variables.put(PENDING_TRANSITION, null);
        variables.put(STATUS_REASON, "Order created");
        variables.put(PREVALIDATION_REQUIRED, details.needsPrevalidation());
        runtime.createProcessInstanceByKey(PROCESS_KEY)
                .businessKey(orderId)
                .setVariables(variables)
                .execute();
    }

    @Override
    public void submit(String orderId, String reason) {
        deliverOrRefuse(MSG_SUBMIT_ORDER, orderId, Map.of(REQUEST_REASON, reason));
    }

    @Override
    public void change(String orderId, boolean prevalidationRequired) {
        deliverOrRefuse(
                MSG_ORDER_CHANGED,
                orderId,
                Map.of(PREVALIDATION_REQUIRED, prevalidationRequired, REQUEST_REASON, "Order data changed"));
    }

    @Override
    public void cancel(String orderId, String reason) {
        deliverOrRefuse(MSG_CANCEL_ORDER, orderId, Map.of(REQUEST_REASON, reason));
    }

    @Override
    public void reissue(String orderId, String reason) {
        // the customer's reissue: the replaced certificate is revoked once the replacement is there
        deliverOrRefuse(MSG_REISSUE_ORDER, orderId, Map.of(REQUEST_REASON, reason, AUTOMATIC_REISSUE, false));
    }

    @Override
    public void renewalOrdered(String orderId, String renewalOrderId, String reason) {
        deliverOrRefuse(MSG_RENEWAL_ORDERED, orderId, Map.of(REQUEST_REASON, reason, RENEWED_BY, renewalOrderId));
    }

    @Override
    public void changeDcvMethod(String orderId, DcvMethod method, String approverEmail) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(DCV_METHOD, method.name());
        variables.put(DCV_APPROVER_EMAIL, approverEmail);
        deliverOrRefuse(MSG_CHANGE_DCV_METHOD, orderId, variables);
    }

    @Override
    public void resendDcvEmail(String orderId) {
        deliverOrRefuse(MSG_RESEND_DCV_EMAIL, orderId, Map.of());
    }

    @Override
    public boolean askCaNow(String orderId) {
        return deliver(MSG_CA_STATUS_CHANGED, orderId, Map.of());
    }

    /** A CA push: answers whether a wait state of the order took it (else the delivery is retried later). */
    public boolean caStatusChanged(String orderId) {
        return deliver(MSG_CA_STATUS_CHANGED, orderId, Map.of());
    }

    private void deliverOrRefuse(String message, String orderId, Map<String, Object> variables) {
        if (!deliver(message, orderId, variables)) {
            throw new OrderConflictException(refusal(message, orderId));
        }
    }

    private boolean deliver(String message, String orderId, Map<String, Object> variables) {
        try {
            runtime.createMessageCorrelation(message)
                    .processInstanceBusinessKey(orderId)
                    .setVariables(variables)
                    .correlateWithResult();
            return true;
        } catch (MismatchingMessageCorrelationException e) {
            return false;
        }
    }

    /** Phrases the conflict from what the order's process waits for now, and what it says the order is. */
    String refusal(String message, String orderId) {
        ProcessInstance instance = runtime.createProcessInstanceQuery()
                .processDefinitionKey(PROCESS_KEY)
                .processInstanceBusinessKey(orderId)
                .singleResult();
        if (instance == null) {
            return "The order is already "
                    + storedStatus.apply(orderId).map(OrderStatus::label).orElse("closed");
        }
        Set<String> awaited =
                runtime
                        .createEventSubscriptionQuery()
                        .processInstanceId(instance.getId())
                        .eventType("message")
                        .list()
                        .stream()
                        .map(EventSubscription::getEventName)
                        .collect(Collectors.toSet());
        List<String> possible = CUSTOMER_ACTIONS.entrySet().stream()
                .filter(action -> awaited.contains(action.getKey()))
                .map(Map.Entry::getValue)
                .toList();
        String order = "The order is " + label((String) runtime.getVariable(instance.getId(), STATUS))
                + pending((String) runtime.getVariable(instance.getId(), PENDING_TRANSITION));
        if (DCV_ACTIONS.containsKey(message)) {
            return order + " and cannot be " + DCV_ACTIONS.get(message) + " now"
                    + (possible.isEmpty() ? "" : "; it can only be " + String.join(" or ", possible));
        }
        return possible.isEmpty()
                ? order + " and cannot be " + CUSTOMER_ACTIONS.get(message) + " now"
                : order + " and can now only be " + String.join(" or ", possible);
    }

    private static String label(String status) {
        return OrderStatus.valueOf(status).label();
    }

    private static String pending(String transition) {
        if (transition == null || transition.isBlank()) {
            return "";
        }
        return switch (PendingTransition.valueOf(transition)) {
            case REQUEST -> " (submit pending)";
            case CANCEL -> " (cancellation pending at the CA)";
            case REISSUE -> " (reissue pending at the CA)";
        };
    }
}
