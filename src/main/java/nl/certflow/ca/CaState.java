package nl.certflow.ca;

/** An order's state as the CA reports it. */
public enum CaState {
    PENDING,
    ISSUED,
    REJECTED,
    REVOKED,
    EXPIRED
}
