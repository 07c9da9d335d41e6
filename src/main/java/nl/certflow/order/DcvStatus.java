package nl.certflow.order;

/** A domain's validation at the CA. */
public enum DcvStatus {
    PENDING,
    VALIDATED,
    FAILED
}
