package nl.certflow.order;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import nl.certflow.order.Order.PrevalidationOutcome;
import nl.certflow.order.OrderRequests.CreateOrder;
import nl.certflow.order.OrderRequests.PatchOrder;
import nl.certflow.process.OrderProcess;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The control panel's use cases. Each runs in one transaction with the process engine: an order is never stored
 * without its process, and a message the process does not accept rolls the whole call back as a conflict.
 */
@Service
public class OrderService {

    private static final int MAX_REASON_LENGTH = 1000;

    private final OrderStore store;
    private final OrderRequestValidator validator;
    private final OrderProcess process;
    private final Clock clock;

    public OrderService(OrderStore store, OrderRequestValidator validator, OrderProcess process, Clock clock) {
        this.store = store;
        this.validator = validator;
        this.process = process;
        this.clock = clock;
    }

    @Transactional
    public Order create(Caller caller, CreateOrder body) {
        OrderDetails details = validator.validateCreate(body);
        String id = UUID.randomUUID().toString();
        store.insert(id, caller.name(), details, clock.instant());
        store.appendHistory(id, OrderEventType.CREATED, OrderStatus.OPEN, null, "Order created", clock.instant());
        process.start(id, details);
        return store.find(id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public Order get(Caller caller, String id) {
        return store.find(id).filter(caller::maySee).orElseThrow(() -> new OrderNotFoundException(id));
    }

    @Transactional(readOnly = true)
    public OrderPage list(Caller caller, OrderStatus status, int page, int size) {
        List<Order> items = store.page(caller.ownerFilter(), status, page, size);
        return new OrderPage(items, page, size, store.count(caller.ownerFilter(), status));
    }

    @Transactional
    public Order patch(Caller caller, String id, PatchOrder body) {
        Order order = get(caller, id);
        if (order.status() != OrderStatus.OPEN) {
            throw new OrderConflictException("Only an Open order can be changed; this one is " + order.status().label());
        }
        if (order.isBeingSubmitted()) {
            throw new OrderConflictException("The order is being submitted; it can be changed again if prevalidation fails");
        }
        OrderDetails details = validator.validatePatch(order, body);
        store.updateDetails(id, details);
        boolean waitingForCorrection = order.prevalidation().outcome() == PrevalidationOutcome.FAILED;
        if (waitingForCorrection && !process.changed(id, details.needsPrevalidation())) {
            throw new OrderConflictException("The order is not waiting for corrected data");
        }
        return store.find(id).orElseThrow();
    }

    @Transactional
    public Order submit(Caller caller, String id) {
        Order order = get(caller, id);
        if (order.status() != OrderStatus.OPEN || order.pendingTransition() != null) {
            throw new OrderConflictException(order.status() != OrderStatus.OPEN
                    ? "Only an Open order can be submitted; this one is " + order.status().label()
                    : "The order was already submitted" + (order.prevalidation().outcome() == PrevalidationOutcome.FAILED
                            ? "; prevalidation failed, change the order data to try again" : ""));
        }
        if (!process.submit(id, "Submitted by " + caller.name())) {
            throw new OrderConflictException("The order cannot be submitted right now");
        }
        return store.find(id).orElseThrow();
    }

    @Transactional
    public Order cancel(Caller caller, String id, String reason) {
        Order order = get(caller, id);
        if (order.status().isFinal()) {
            throw new OrderConflictException("The order is already " + order.status().label());
        }
        if (order.pendingTransition() == PendingTransition.CANCEL) {
            throw new OrderConflictException("A cancellation is already pending at the CA");
        }
        String cleanReason = cleanReason(reason);
        store.recordCancelReason(id, cleanReason);
        if (!process.cancel(id, "Cancelled by " + caller.name() + ": " + cleanReason)) {
            throw new OrderConflictException("The order is being processed right now (submission or a CA check); try again in a moment");
        }
        return store.find(id).orElseThrow();
    }

    private static String cleanReason(String reason) {
        if (reason == null || reason.isBlank()) {
            return "no reason given";
        }
        String stripped = reason.strip();
        if (stripped.length() > MAX_REASON_LENGTH || stripped.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidOrderException(List.of(new FieldError("reason",
                    "must be at most " + MAX_REASON_LENGTH + " characters without control characters")));
        }
        return stripped;
    }
}
