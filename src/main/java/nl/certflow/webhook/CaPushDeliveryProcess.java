package nl.certflow.webhook;

/** Names of {@code bpmn/CaPushDeliveryProcess.bpmn}: one instance per stored push, business key = the order id. */
public final class CaPushDeliveryProcess {

    public static final String PROCESS_KEY = "CaPushDeliveryProcess";
    public static final String PUSH_ID = "pushId";
    public static final String CA_ORDER_NUMBER = "caOrderNumber";
    /** Set once the order is known: at the hand-over, or by the delivery when the order was not known yet. */
    public static final String ORDER_ID = "orderId";

    private CaPushDeliveryProcess() {}
}
