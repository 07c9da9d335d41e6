package nl.certflow.order;

/** The highlighted arrow of the control panel: a transition asked for and not yet completed. */
public enum PendingTransition {
    REQUEST,
    CANCEL,
    /** A reissue was sent to the CA; the replacement certificate is not issued yet (status stays Actief). */
    REISSUE
}
