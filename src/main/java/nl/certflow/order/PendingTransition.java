package nl.certflow.order;

/** The highlighted arrow of the control panel: a transition asked for and not yet completed. */
public enum PendingTransition {
    REQUEST,
    CANCEL
}
