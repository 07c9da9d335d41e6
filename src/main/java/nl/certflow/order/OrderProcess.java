package nl.certflow.order;

/**
 * The order's process as the control panel's use cases see it. The process decides what an order can do now: each
 * call either is accepted by the process or throws {@link OrderConflictException} saying what the order can do
 * instead. Runs in the caller's transaction, so a refused call changes nothing.
 */
public interface OrderProcess {

    void start(String orderId, OrderDetails details);

    void submit(String orderId, String reason);

    void change(String orderId, boolean prevalidationRequired);

    void cancel(String orderId, String reason);

    /**
     * Asks the order's wait for the CA to ask the CA at once (as a push would); answers whether a wait took it. An
     * order that waits for nothing from the CA is left as it is.
     */
    boolean askCaNow(String orderId);

    /** The customer's reissue: once the replacement is issued, the replaced certificate is revoked at the CA. */
    void reissue(String orderId, String reason);

    /**
     * Tells the order's process that {@code renewalOrderId} renews it (the renewal reminders stop); refused (409) when
     * the order is not Actief without a pending transition.
     */
    void renewalOrdered(String orderId, String renewalOrderId, String reason);

    /** A new DCV method at the CA while the order waits for the CA's decision ({@code approverEmail}: for EMAIL). */
    void changeDcvMethod(String orderId, DcvMethod method, String approverEmail);

    /** The approval e-mail again while the order waits for the CA's decision. */
    void resendDcvEmail(String orderId);
}
