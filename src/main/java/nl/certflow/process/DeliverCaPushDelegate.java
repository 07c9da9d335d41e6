package nl.certflow.process;

import static nl.certflow.webhook.CaPushDeliveryProcess.ORDER_ID;
import static nl.certflow.webhook.CaPushDeliveryProcess.PUSH_ID;

import nl.certflow.webhook.CaPushDelivery;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Deliver push to order": the order's process hears of it through {@link OrderMessages}, like every message. Once
 * the order is known, the delivery carries its id as business key, so Cockpit finds it by the order id.
 */
@Component("deliverCaPush")
public class DeliverCaPushDelegate implements JavaDelegate {

    private final CaPushDelivery delivery;
    private final OrderMessages messages;

    public DeliverCaPushDelegate(CaPushDelivery delivery, OrderMessages messages) {
        this.delivery = delivery;
        this.messages = messages;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String knownOrderId = (String) execution.getVariable(ORDER_ID);
        String orderId = delivery.deliver(
                ((Number) execution.getVariable(PUSH_ID)).longValue(), knownOrderId, messages::caStatusChanged);
        if (!orderId.equals(knownOrderId)) {
            execution.setVariable(ORDER_ID, orderId);
            execution.setProcessBusinessKey(orderId);
        }
    }
}
