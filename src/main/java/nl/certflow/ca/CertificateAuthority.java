package nl.certflow.ca;

import java.time.Instant;
import java.util.List;

/**
 * The port to the certificate authority (Sectigo, or the in-process simulator).
 * Implementations throw {@link CaRefusedException} for permanent business refusals and
 * {@link CaUnavailableException} for technical failures that a retry may cure.
 */
public interface CertificateAuthority {

    /** Places the order; idempotent per {@link CaOrderRequest#orderId()} (Sectigo's foreignOrderNumber). */
    CaSubmission submit(CaOrderRequest request);

    /** Cancels an unissued order or revokes an issued certificate. Already cancelled/revoked counts as done. */
    void cancel(String caOrderNumber, String reason);

    /**
     * Asks for a replacement of the order's issued certificate (Sectigo AutoReplaceSSL). Answers the order number and
     * the new certificate's id (null when the CA does not say); the replacement is reported later, by push or collect.
     */
    CaSubmission replace(CaReissueRequest request);

    /** Revokes one certificate of the order, e.g. the one a reissue replaced. Already revoked counts as done. */
    void revoke(CaRevocation revocation);

    /** Reads the order's current state at the CA, with the certificate once issued. */
    CaStatus collect(String caOrderNumber);

    /** The approver addresses the CA allows for a domain's e-mail validation (Sectigo GetDCVEmailAddressList). */
    default List<String> approverEmails(String domain) {
        throw new UnsupportedOperationException("This CA offers no e-mail validation");
    }

    /**
     * Changes the DCV method of an order the CA still validates (Sectigo AutoUpdateDCV). Throws
     * {@link CaRefusedException} when the CA will not (e.g. the order is no longer awaiting validation).
     */
    default void changeDcvMethod(CaDcvChange change) {
        throw new CaRefusedException("This CA offers no change of the DCV method");
    }

    /** Sends the approval e-mail of an order validated by {@code EMAIL} again (Sectigo ResendDCVEmail). */
    default void resendDcvEmail(String caOrderNumber, String approverEmail) {
        throw new CaRefusedException("This CA offers no resending of the approval e-mail");
    }

    /**
     * The CA's report of the orders placed from {@code placedFrom} up to {@code placedTo}, results
     * {@code firstResultNo} to {@code lastResultNo} (1-based, inclusive: Sectigo WebHostReport's paging).
     */
    default CaReportPage report(Instant placedFrom, Instant placedTo, int firstResultNo, int lastResultNo) {
        throw new CaUnavailableException("This CA connection has no order report; reconciliation cannot run.");
    }
}
