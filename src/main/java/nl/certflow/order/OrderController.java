package nl.certflow.order;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import nl.certflow.order.OrderRequests.CancelOrder;
import nl.certflow.order.OrderRequests.CreateOrder;
import nl.certflow.order.OrderRequests.PatchOrder;
import nl.certflow.order.OrderRequests.ReissueOrder;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The control-panel API (README, "API summary"). */
@RestController
@RequestMapping(path = "/api/orders", produces = "application/json")
public class OrderController {

    private static final int MAX_PAGE_SIZE = 100;

    private final OrderService orders;
    private final OrderViews views;

    public OrderController(OrderService orders, OrderViews views) {
        this.orders = orders;
        this.views = views;
    }

    private OrderView view(Order order) {
        return views.of(order);
    }

    @PostMapping(consumes = "application/json")
    public ResponseEntity<OrderView> create(Authentication auth, @RequestBody CreateOrder body) {
        Order order = orders.create(caller(auth), body);
        return ResponseEntity.created(URI.create("/api/orders/" + order.id())).body(view(order));
    }

    @GetMapping("/{id}")
    public OrderView get(Authentication auth, @PathVariable String id) {
        return view(orders.get(caller(auth), id));
    }

    @GetMapping
    public OrderListView list(
            Authentication auth,
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") String page,
            @RequestParam(defaultValue = "20") String size) {
        OrderPage result = orders.list(
                caller(auth),
                status(status),
                number("page", page, 0, 1_000_000),
                number("size", size, 1, MAX_PAGE_SIZE));
        return new OrderListView(
                result.items().stream().map(this::view).toList(), result.page(), result.size(), result.total());
    }

    @PatchMapping(path = "/{id}", consumes = "application/json")
    public OrderView patch(Authentication auth, @PathVariable String id, @RequestBody PatchOrder body) {
        return view(orders.patch(caller(auth), id, body));
    }

    @PostMapping("/{id}/submit")
    public ResponseEntity<OrderView> submit(Authentication auth, @PathVariable String id) {
        return ResponseEntity.accepted().body(view(orders.submit(caller(auth), id)));
    }

    @PostMapping("/{id}/cancel")
    public ResponseEntity<OrderView> cancel(
            Authentication auth, @PathVariable String id, @RequestBody(required = false) CancelOrder body) {
        return ResponseEntity.accepted()
                .body(view(orders.cancel(caller(auth), id, body == null ? null : body.reason())));
    }

    @PostMapping("/{id}/reissue")
    public ResponseEntity<OrderView> reissue(
            Authentication auth, @PathVariable String id, @RequestBody(required = false) ReissueOrder body) {
        return ResponseEntity.accepted().body(view(orders.reissue(caller(auth), id, body)));
    }

    /** Contract, "Term and renewal": the successor order, Open, prefilled from this one and linked both ways. */
    @PostMapping("/{id}/renew")
    public ResponseEntity<OrderView> renew(Authentication auth, @PathVariable String id) {
        Order renewal = orders.renew(caller(auth), id);
        return ResponseEntity.created(URI.create("/api/orders/" + renewal.id())).body(view(renewal));
    }

    /** A page of the caller's orders, newest first. */
    public record OrderListView(List<OrderView> items, int page, int size, long total) {}

    private static Caller caller(Authentication auth) {
        boolean operator =
                auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_OPERATOR"));
        return new Caller(auth.getName(), operator);
    }

    private static OrderStatus status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OrderStatus.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidOrderException(List.of(
                    new FieldError("status", "must be one of OPEN, REQUESTED, ACTIVE, REJECTED, REVOKED, EXPIRED")));
        }
    }

    private static int number(String field, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidOrderException(List.of(new FieldError(field, "must be a number from " + min + " to " + max)));
    }
}
