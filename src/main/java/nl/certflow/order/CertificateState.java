package nl.certflow.order;

/** A certificate of an order (contract, "Reissue": {@code certificates[].state}). */
public enum CertificateState {
    /** The order's certificate now ({@code certificate} in the order). */
    CURRENT,
    /**
     * Replaced by a reissue: still valid until its notAfter (then shown EXPIRED), or, after a key compromise, its
     * revocation at the CA still to come.
     */
    REPLACED,
    REVOKED,
    EXPIRED
}
