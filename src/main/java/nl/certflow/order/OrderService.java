package nl.certflow.order;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import nl.certflow.order.OrderRequests.CreateOrder;
import nl.certflow.order.OrderRequests.PatchOrder;
import nl.certflow.order.OrderRequests.ReissueOrder;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The control panel's use cases. Each runs in one transaction with the process engine: an order is never stored
 * without its process, and a message the process does not accept rolls the whole call back as a conflict. What an
 * order may do in which status is the process's rule alone; nothing here repeats it.
 */
@Service
public class OrderService {

    private static final int MAX_REASON_LENGTH = 1000;

    private final OrderStore store;
    private final OrderRequestValidator validator;
    private final OrderProcess process;
    private final Clock clock;
    private final DcvChoices dcvChoices;

    public OrderService(
            OrderStore store,
            OrderRequestValidator validator,
            OrderProcess process,
            Clock clock,
            DcvChoices dcvChoices) {
        this.store = store;
        this.validator = validator;
        this.process = process;
        this.clock = clock;
        this.dcvChoices = dcvChoices;
    }

    @Transactional
    public Order create(Caller caller, CreateOrder body) {
        OrderDetails details = validator.validateCreate(body);
        OrderDcv.Choice dcv = dcvChoices.choose(body.dcv(), details, null);
        String id = UUID.randomUUID().toString();
        store.insert(id, caller.name(), details, clock.instant());
        store.recordDcvChoice(id, dcv, DcvTokens.newUniqueValue());
        store.appendHistory(id, OrderEventType.CREATED, OrderStatus.OPEN, null, "Order created", clock.instant());
        process.start(id, details);
        return store.find(id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public Order get(Caller caller, String id) {
        return store.find(id).filter(caller::maySee).orElseThrow(() -> new OrderNotFoundException(id));
    }

    /** As {@link #get}, without loading the order (its history, certificates, DCV) that a change reads afterwards. */
    private void checkAccess(Caller caller, String id) {
        store.owner(id).filter(caller::maySeeOrderOf).orElseThrow(() -> new OrderNotFoundException(id));
    }

    @Transactional(readOnly = true)
    public OrderPage list(Caller caller, OrderStatus status, int page, int size) {
        List<Order> items = store.page(caller.ownerFilter(), status, page, size);
        return new OrderPage(items, page, size, store.count(caller.ownerFilter(), status));
    }

    @Transactional
    public Order patch(Caller caller, String id, PatchOrder body) {
        Order current = get(caller, id);
        OrderDetails details = validator.validatePatch(current, body);
        OrderDcv.Choice dcv = dcvChoices.choose(
                body.dcv(),
                details,
                new OrderDcv.Choice(current.dcv().method(), current.dcv().approverEmail()));
        store.updateDetails(id, details);
        store.recordDcvChoice(id, dcv, null);
        process.change(id, details.needsPrevalidation());
        return store.find(id).orElseThrow();
    }

    @Transactional
    public Order submit(Caller caller, String id) {
        checkAccess(caller, id);
        process.submit(id, "Submitted by " + caller.name());
        return store.find(id).orElseThrow();
    }

    @Transactional
    public Order cancel(Caller caller, String id, String reason) {
        checkAccess(caller, id);
        String cleanReason = cleanReason(reason);
        store.recordCancelReason(id, cleanReason);
        process.cancel(id, "Cancelled by " + caller.name() + ": " + cleanReason);
        return store.find(id).orElseThrow();
    }

    /** Contract, "Reissue": 400 for a bad body; 409 when the order's process does not take a reissue now. */
    @Transactional
    public Order reissue(Caller caller, String id, ReissueOrder body) {
        Order order = get(caller, id);
        OrderRequestValidator.ReissueDetails reissue = validator.validateReissue(order, body);
        store.recordReissueRequest(id, reissue.csrPem(), reissue.reason(), reissue.keyCompromised());
        process.reissue(
                id,
                "Reissue requested by " + caller.name() + (reissue.keyCompromised() ? " (key compromised)" : "")
                        + (reissue.csrPem() == null ? ", same CSR" : ", new CSR") + ": " + reissue.reason());
        return store.find(id).orElseThrow();
    }

    /**
     * Contract, "Term and renewal": a new Open order prefilled from this one (names, requester, company, DCV method and
     * approver, validation type, the current certificate's CSR), linked both ways. 409 when the order already has a
     * successor, or when its process takes no renewal now (final, or not Actief without a pending transition).
     */
    @Transactional
    public Order renew(Caller caller, String id) {
        Order current = get(caller, id);
        if (current.renewedBy() != null) {
            throw new OrderConflictException("The order is already renewed by order " + current.renewedBy());
        }
        String renewalId = UUID.randomUUID().toString();
        process.renewalOrdered(id, renewalId, "Renewal ordered by " + caller.name() + ": order " + renewalId);
        OrderDetails details = validator.renewalOf(current);
        store.insert(renewalId, current.owner(), details, clock.instant());
        try {
            store.recordRenewalOf(renewalId, id);
        } catch (DuplicateKeyException e) {
            throw new OrderConflictException("The order is already renewed");
        }
        store.recordDcvChoice(
                renewalId,
                new OrderDcv.Choice(current.dcv().method(), current.dcv().approverEmail()),
                DcvTokens.newUniqueValue());
        store.appendHistory(
                renewalId,
                OrderEventType.CREATED,
                OrderStatus.OPEN,
                null,
                "Order created by " + caller.name() + " as the renewal of order " + id,
                clock.instant());
        process.start(renewalId, details);
        return store.find(renewalId).orElseThrow();
    }

    private static String cleanReason(String reason) {
        if (reason == null || reason.isBlank()) {
            return "no reason given";
        }
        String stripped = reason.strip();
        if (stripped.length() > MAX_REASON_LENGTH || stripped.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidOrderException(List.of(new FieldError(
                    "reason", "must be at most " + MAX_REASON_LENGTH + " characters without control characters")));
        }
        return stripped;
    }
}
