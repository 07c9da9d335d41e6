package nl.certflow.dcv;

import java.util.List;
import nl.certflow.ca.CaOrderService;
import nl.certflow.order.Caller;
import nl.certflow.order.DcvTokens;
import nl.certflow.order.Order;
import nl.certflow.order.OrderConflictException;
import nl.certflow.order.OrderService;
import org.springframework.stereotype.Service;

/**
 * The customer's DCV calls beside the order's own data: the CA's approver addresses, certflow's own check of the
 * records, and (through the order's process) a method change or a resent approval e-mail at the CA.
 */
@Service
public class DcvService {

    private final OrderService orders;
    private final CaOrderService ca;

    public DcvService(OrderService orders, CaOrderService ca) {
        this.orders = orders;
        this.ca = ca;
    }

    /** The CA's allowed approver addresses for the order's common name; nothing to approve once final. */
    public List<String> approverEmails(Caller caller, String orderId) {
        Order order = notFinal(orders.get(caller, orderId));
        return ca.approverEmails(DcvTokens.dcvDomain(order.commonName()));
    }

    private static Order notFinal(Order order) {
        if (order.status().isFinal()) {
            throw new OrderConflictException(
                    "The order is " + order.status().label() + ": its domains need no validation any more");
        }
        return order;
    }
}
