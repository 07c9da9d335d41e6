package nl.certflow.order;

import java.util.List;

/** The JSON bodies the control panel sends. Types are loose on purpose: the validator explains what is wrong. */
public final class OrderRequests {

    private OrderRequests() {}

    public record CreateOrder(
            String validation,
            String commonName,
            List<String> subjectAlternativeNames,
            String csr,
            Integer validityDays,
            RequesterBody requester,
            CompanyBody company,
            DcvBody dcv,
            Integer termMonths) {

        /** Without a term (contract, "Term and renewal": {@code termMonths} is optional). */
        public CreateOrder(
                String validation,
                String commonName,
                List<String> subjectAlternativeNames,
                String csr,
                Integer validityDays,
                RequesterBody requester,
                CompanyBody company,
                DcvBody dcv) {
            this(validation, commonName, subjectAlternativeNames, csr, validityDays, requester, company, dcv, null);
        }

        public CreateOrder(
                String validation,
                String commonName,
                List<String> subjectAlternativeNames,
                String csr,
                Integer validityDays,
                RequesterBody requester,
                CompanyBody company) {
            this(validation, commonName, subjectAlternativeNames, csr, validityDays, requester, company, null, null);
        }
    }

    public record PatchOrder(
            String csr,
            List<String> subjectAlternativeNames,
            RequesterBody requester,
            CompanyBody company,
            DcvBody dcv) {

        public PatchOrder(
                String csr, List<String> subjectAlternativeNames, RequesterBody requester, CompanyBody company) {
            this(csr, subjectAlternativeNames, requester, company, null);
        }
    }

    /** The DCV method ({@code CNAME_CSR_HASH}, {@code HTTP_CSR_HASH}, {@code HTTPS_CSR_HASH}, {@code EMAIL}). */
    public record DcvBody(String method, String approverEmail) {}

    public record CancelOrder(String reason) {}

    /** Contract, "Reissue": {@code csr} optional (the current one is reused), {@code keyCompromised} optional. */
    public record ReissueOrder(String csr, String reason, Boolean keyCompromised) {}

    public record RequesterBody(String name, String email, String phone) {}

    public record CompanyBody(
            String name, String kvkNumber, String country, String street, String postalCode, String city) {}
}
