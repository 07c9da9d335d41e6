package nl.certflow.process;

/**
 * Names shared by the BPMN model and the code. The model's conditions and expressions use exactly these,
 * so a rename here is a change to {@code bpmn/CertificateOrderProcess.bpmn} too (the model guard test checks).
 */
public final class ProcessVariables {

    public static final String PROCESS_KEY = "CertificateOrderProcess";
    public static final String PUSH_DELIVERY_PROCESS_KEY = "CaPushDeliveryProcess";

    public static final String MSG_SUBMIT_ORDER = "Msg_SubmitOrder";
    public static final String MSG_ORDER_CHANGED = "Msg_OrderChanged";
    public static final String MSG_CANCEL_ORDER = "Msg_CancelOrder";
    public static final String MSG_CA_STATUS_CHANGED = "Msg_CaStatusChanged";

    public static final String ERROR_PREVALIDATION_FAILED = "PrevalidationFailed";
    public static final String ERROR_CA_REFUSED_ORDER = "CaRefusedOrder";

    /** Variables operators read in Cockpit; large data (CSR, certificate) stays in the order store. */
    public static final String ORDER_ID = "orderId";
    public static final String COMMON_NAME = "commonName";
    public static final String VALIDATION = "validation";
    public static final String STATUS = "status";
    public static final String PENDING_TRANSITION = "pendingTransition";
    public static final String CA_ORDER_NUMBER = "caOrderNumber";

    /** Variables that steer the model's gateways and timers. */
    public static final String PREVALIDATION_REQUIRED = "prevalidationRequired";
    public static final String CA_OUTCOME = "caOutcome";
    public static final String NOT_AFTER = "notAfter";
    public static final String STATUS_REASON = "statusReason";

    /** Variables of the push delivery process. */
    public static final String PUSH_ID = "pushId";

    private ProcessVariables() {
    }
}
