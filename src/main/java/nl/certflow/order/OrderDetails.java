package nl.certflow.order;

import java.util.List;
import java.util.Locale;

/** The customer-editable data of an order, validated. */
public record OrderDetails(
        ValidationType validation,
        String commonName,
        List<String> subjectAlternativeNames,
        String csrPem,
        int validityDays,
        Requester requester,
        Company company,
        Integer termMonths) {

    /** An order without a term: one certificate of {@code validityDays}. */
    public OrderDetails(
            ValidationType validation,
            String commonName,
            List<String> subjectAlternativeNames,
            String csrPem,
            int validityDays,
            Requester requester,
            Company company) {
        this(validation, commonName, subjectAlternativeNames, csrPem, validityDays, requester, company, null);
    }

    /** OV/EV with a .nl common name for a Dutch company is checked at KvK first. */
    public boolean needsPrevalidation() {
        return validation.validatesOrganisation()
                && commonName.toLowerCase(Locale.ROOT).endsWith(".nl")
                && company != null
                && "NL".equalsIgnoreCase(company.country());
    }
}
