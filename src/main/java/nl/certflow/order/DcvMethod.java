package nl.certflow.order;

/**
 * How the CA checks that the customer controls a domain (Sectigo's names, sent as {@code dcvMethod}): a CNAME record,
 * a file over HTTP or HTTPS, each derived from the CSR, or an e-mail to an approver address.
 */
public enum DcvMethod {
    CNAME_CSR_HASH,
    HTTP_CSR_HASH,
    HTTPS_CSR_HASH,
    EMAIL
}
