package nl.certflow.process;

/**
 * Names shared by the BPMN models and the code. The models' conditions and expressions use exactly these,
 * so a rename here is a change to {@code bpmn/*.bpmn} too (the model guard test checks).
 */
public final class ProcessVariables {

    public static final String PROCESS_KEY = "CertificateOrderProcess";
    public static final String AWAIT_CA_OUTCOME_PROCESS_KEY = "AwaitCaOutcomeProcess";

    public static final String MSG_SUBMIT_ORDER = "Msg_SubmitOrder";
    public static final String MSG_ORDER_CHANGED = "Msg_OrderChanged";
    public static final String MSG_CANCEL_ORDER = "Msg_CancelOrder";
    public static final String MSG_CA_STATUS_CHANGED = "Msg_CaStatusChanged";
    public static final String MSG_REISSUE_ORDER = "Msg_ReissueOrder";
    public static final String MSG_RENEWAL_ORDERED = "Msg_RenewalOrdered";
    public static final String MSG_CHANGE_DCV_METHOD = "Msg_ChangeDcvMethod";
    public static final String MSG_RESEND_DCV_EMAIL = "Msg_ResendDcvEmail";

    public static final String ERROR_PREVALIDATION_FAILED = "PrevalidationFailed";
    public static final String ERROR_CA_REFUSED_ORDER = "CaRefusedOrder";
    public static final String ERROR_CA_REFUSED_REISSUE = "CaRefusedReissue";

    /**
     * What Cockpit shows of the order; written only by the "Record order status" steps' outputs, so they are what the
     * order is: its status, pending transition and the reason of its last history entry.
     */
    public static final String STATUS = "status";

    public static final String PENDING_TRANSITION = "pendingTransition";
    public static final String STATUS_REASON = "statusReason";

    /** Variables operators read in Cockpit; large data (CSR, certificate) stays in the order store. */
    public static final String ORDER_ID = "orderId";

    public static final String COMMON_NAME = "commonName";
    public static final String VALIDATION = "validation";
    public static final String CA_ORDER_NUMBER = "caOrderNumber";

    /** The reasons events bring, which the model's "Record order status" steps turn into history lines. */
    public static final String REQUEST_REASON = "requestReason";

    public static final String PREVALIDATION_REPORT = "prevalidationReport";
    public static final String CA_REPORT = "caReport";
    public static final String CERTIFICATE_REPORT = "certificateReport";

    /** Variables that steer the model's gateways and timers. */
    public static final String PREVALIDATION_REQUIRED = "prevalidationRequired";

    public static final String CA_OUTCOME = "caOutcome";
    public static final String NOT_AFTER = "notAfter";

    /**
     * Whether the reissue under way is the automatic reissue of a term ("Request automatic reissue" sets true, the
     * customer's reissue, {@code Msg_ReissueOrder}, false): the gateway "Automatic reissue?" leaves the replaced
     * certificate valid until its end only then, else (also when the variable is missing) revokes it at the CA.
     */
    public static final String AUTOMATIC_REISSUE = "automaticReissue";

    /** When the timer "Reissue due" fires: set by "Plan next reissue" each time the Actief wait is entered. */
    public static final String REISSUE_AT = "reissueAt";

    /**
     * The expiry timer of the order process, at {@code ${notAfter}}; when the CA names another end date for the current
     * certificate, "Collect … status at CA" moves it there (the model guard checks that it reads {@code notAfter}).
     */
    public static final String EXPIRY_TIMER = "Event_CertificateExpired";

    /** The successor order's id once a renewal was ordered (set by {@code Msg_RenewalOrdered}); stops the reminders. */
    public static final String RENEWED_BY = "renewedBy";

    /**
     * The end of an order's term (a Date), when it has one: the renewal reminders count back from it instead of from
     * the certificate's {@code notAfter} (a term outlives its certificates).
     */
    public static final String TERM_ENDS_AT = "termEndsAt";

    /** What {@code Msg_ChangeDcvMethod} brings: the new DCV method and, for EMAIL, the approver address. */
    public static final String DCV_METHOD = "dcvMethod";

    public static final String DCV_APPROVER_EMAIL = "dcvApproverEmail";

    /** The inputs of the "Record order status" step (task-local: they never shadow the variables above). */
    public static final String NEW_STATUS = "newStatus";

    public static final String NEW_PENDING_TRANSITION = "newPendingTransition";
    public static final String HISTORY_REASON = "historyReason";

    private ProcessVariables() {}
}
