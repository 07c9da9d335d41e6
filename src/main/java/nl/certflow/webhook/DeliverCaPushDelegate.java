package nl.certflow.webhook;

import static nl.certflow.process.ProcessVariables.PUSH_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Deliver push to order"; once the order is known, the delivery is findable in Cockpit by the order id. */
@Component("deliverCaPush")
public class DeliverCaPushDelegate implements JavaDelegate {

    private final CaPushDelivery delivery;

    public DeliverCaPushDelegate(CaPushDelivery delivery) {
        this.delivery = delivery;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String orderId = delivery.deliver(((Number) execution.getVariable(PUSH_ID)).longValue());
        if (!orderId.equals(execution.getProcessBusinessKey())) {
            execution.setProcessBusinessKey(orderId);
        }
    }
}
