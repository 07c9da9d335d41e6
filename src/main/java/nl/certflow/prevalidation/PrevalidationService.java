package nl.certflow.prevalidation;

import nl.certflow.order.Order;
import nl.certflow.order.Order.PrevalidationOutcome;
import nl.certflow.order.OrderStore;
import org.springframework.stereotype.Service;

/** Prevalidates an order's company and keeps the outcome and reasons on the order for the control panel. */
@Service
public class PrevalidationService {

    private final OrderStore store;
    private final CompanyPrevalidator prevalidator;

    public PrevalidationService(OrderStore store, CompanyPrevalidator prevalidator) {
        this.store = store;
        this.prevalidator = prevalidator;
    }

    public PrevalidationResult prevalidate(String orderId) {
        Order order = store.find(orderId)
                .orElseThrow(() -> new IllegalStateException("No order " + orderId + " in the store"));
        PrevalidationResult result = prevalidator.prevalidate(order.company());
        store.recordPrevalidation(
                orderId,
                result.passed() ? PrevalidationOutcome.PASSED : PrevalidationOutcome.FAILED,
                result.passed() ? result.warnings() : result.reasons());
        return result;
    }
}
