package nl.certflow.order;

import java.time.Instant;
import java.util.List;

/** An order as the store holds it, with its status history ("Certificaat historie"), oldest first. */
public record Order(
        String id,
        String owner,
        ValidationType validation,
        String commonName,
        List<String> subjectAlternativeNames,
        String csrPem,
        int validityDays,
        Requester requester,
        Company company,
        OrderStatus status,
        PendingTransition pendingTransition,
        Instant createdAt,
        Instant requestedAt,
        String cancelReason,
        CaReference ca,
        CertificateInfo certificate,
        PrevalidationState prevalidation,
        List<HistoryEntry> history,
        List<CertificateEntry> certificates,
        OrderDcv dcv,
        String renewalOf,
        String renewedBy) {

    /** The domains DCV covers: the common name and each SAN (wildcards on their base domain). */
    public List<String> dcvDomains() {
        return DcvTokens.domains(commonName, subjectAlternativeNames);
    }

    public record CaReference(String orderNumber, String certificateId) {}

    /** {@code chainPem}: the CA's intermediate(s) as the CA delivered them (PEM), null when it sent none. */
    public record CertificateInfo(
            String serialNumber, Instant notBefore, Instant notAfter, String pem, String chainPem) {}

    public record PrevalidationState(boolean required, PrevalidationOutcome outcome, List<String> reasons) {}

    public enum PrevalidationOutcome {
        PASSED,
        FAILED
    }

    /** Every certificate the order had, oldest first; {@code certificateId} is the CA's (null when unknown). */
    public record CertificateEntry(
            String certificateId, String serialNumber, Instant notBefore, Instant notAfter, CertificateState state) {}

    public record HistoryEntry(OrderStatus status, PendingTransition pendingTransition, Instant at, String reason) {}
}
