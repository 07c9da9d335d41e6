package nl.certflow.ca;

import java.util.List;
import nl.certflow.order.Company;
import nl.certflow.order.DcvMethod;
import nl.certflow.order.Requester;
import nl.certflow.order.ValidationType;

/**
 * What the CA needs to place an order. {@code company} is null for DV; {@code dcvEmailAddress} is set for
 * {@link DcvMethod#EMAIL} only; {@code uniqueValue} makes the order's DCV token its own.
 */
public record CaOrderRequest(
        String orderId,
        ValidationType validation,
        String commonName,
        List<String> subjectAlternativeNames,
        String csrPem,
        int validityDays,
        Requester requester,
        Company company,
        DcvMethod dcvMethod,
        String dcvEmailAddress,
        String uniqueValue) {

    /** An order with the default DCV method (CNAME) and no uniqueValue. */
    public CaOrderRequest(
            String orderId,
            ValidationType validation,
            String commonName,
            List<String> subjectAlternativeNames,
            String csrPem,
            int validityDays,
            Requester requester,
            Company company) {
        this(
                orderId,
                validation,
                commonName,
                subjectAlternativeNames,
                csrPem,
                validityDays,
                requester,
                company,
                DcvMethod.CNAME_CSR_HASH,
                null,
                null);
    }
}
