package nl.certflow.webhook;

/** Tells an order's process that the CA reported a change; answers whether the process was waiting for it. */
@FunctionalInterface
public interface OrderWakeUp {

    boolean caStatusChanged(String orderId);
}
