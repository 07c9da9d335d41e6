package nl.certflow.webhook;

/** A Sectigo "Certificate Issuance Push", as received (the PEMs are not kept: the process collects them). */
public record CaPush(
        String orderNumber,
        String certificateId,
        String eventType,
        String status,
        int statusCode,
        String statusDesc,
        Integer revocationReasonCode) {

    /** 12 (awaiting brand validation) and 14 (replaced) are news for the history, not a status change. */
    public boolean isInformational() {
        return statusCode == 12 || statusCode == 14;
    }
}
