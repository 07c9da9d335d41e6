package nl.certflow.order;

/** No such order for this caller (another customer's order is "not found" as well). */
public class OrderNotFoundException extends RuntimeException {

    public OrderNotFoundException(String id) {
        super("No order " + id);
    }
}
