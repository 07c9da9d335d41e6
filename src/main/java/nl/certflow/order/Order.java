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
        Term term,
        String renewalOf,
        String renewedBy) {

    /** An order without a term. */
    public Order(
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
            OrderDcv dcv) {
        this(
                id,
                owner,
                validation,
                commonName,
                subjectAlternativeNames,
                csrPem,
                validityDays,
                requester,
                company,
                status,
                pendingTransition,
                createdAt,
                requestedAt,
                cancelReason,
                ca,
                certificate,
                prevalidation,
                history,
                certificates,
                dcv,
                null,
                null,
                null);
    }

    /** The customer's own cap on each certificate's validity; null when an order with a term gave none. */
    public Integer validityCap() {
        return validityDays > 0 ? validityDays : null;
    }

    /**
     * The CSR the CA hashes for DCV, so the CSR the instructions and certflow's own check are computed from: while a
     * reissue with a new CSR is pending ({@code pendingTransition} REISSUE), that CSR (the CA was sent it with
     * AutoReplaceSSL); otherwise the order's.
     */
    public String dcvCsrPem() {
        if (pendingTransition == PendingTransition.REISSUE && dcv != null && dcv.reissueCsrPem() != null) {
            return dcv.reissueCsrPem();
        }
        return csrPem;
    }

    /**
     * Whether {@code csr} is another CSR than the order's (another DER, so other DCV hashes): a reissue from it must
     * be validated again. Null (a reissue from the current CSR) is not.
     */
    public boolean isNewCsr(String csr) {
        return csr != null && csrPem != null && !DcvTokens.of(csr, null).equals(DcvTokens.of(csrPem, null));
    }

    /**
     * A reissue with a new CSR is pending: the CA validates every domain again for it, so what it reports per domain
     * is the order's again (as while Open or Aangevraagd).
     */
    public boolean revalidatesForReissue() {
        return pendingTransition == PendingTransition.REISSUE && dcv != null && isNewCsr(dcv.reissueCsrPem());
    }

    /** The domains DCV covers: the common name and each SAN (wildcards on their base domain). */
    public List<String> dcvDomains() {
        return DcvTokens.domains(commonName, subjectAlternativeNames);
    }

    /**
     * The term the order was placed for: {@code months}, from {@code startsAt} (the first certificate's notBefore;
     * null until it is issued) to {@link #endsAt()}.
     */
    public record Term(int months, Instant startsAt) {

        public Instant endsAt() {
            return startsAt == null ? null : TermSchedule.termEnd(startsAt, months);
        }
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
