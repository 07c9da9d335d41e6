package nl.certflow.order;

/** A certificate of an order (contract, "Reissue": {@code certificates[].state}). */
public enum CertificateState {
    /** The order's certificate now ({@code certificate} in the order). */
    CURRENT,
    /**
     * Replaced by a reissue: after an automatic reissue still valid until its notAfter (then shown EXPIRED); after a
     * customer's reissue its revocation at the CA still to come.
     */
    REPLACED,
    REVOKED,
    EXPIRED
}
