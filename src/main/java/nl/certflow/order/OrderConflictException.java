package nl.certflow.order;

/** The order's status does not allow what was asked; answered with 409. */
public class OrderConflictException extends RuntimeException {

    public OrderConflictException(String message) {
        super(message);
    }
}
