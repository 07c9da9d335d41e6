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
        Company company) {

    /** OV/EV with a .nl common name for a Dutch company is checked at KvK first. */
    public boolean needsPrevalidation() {
        return validation.validatesOrganisation()
                && commonName.toLowerCase(Locale.ROOT).endsWith(".nl")
                && company != null
                && "NL".equalsIgnoreCase(company.country());
    }
}
