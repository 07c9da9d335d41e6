package nl.certflow.ca;

import java.util.List;
import nl.certflow.order.DcvMethod;
import nl.certflow.order.ValidationType;

/**
 * A replacement certificate for an issued order (Sectigo AutoReplaceSSL): the CSR to certify and its validity, and
 * the order's DCV choice as for a new order ({@code dcvEmailAddress} for {@link DcvMethod#EMAIL} only,
 * {@code uniqueValue} so that the order's token stays its own).
 */
public record CaReissueRequest(
        String orderId,
        String caOrderNumber,
        ValidationType validation,
        String commonName,
        List<String> subjectAlternativeNames,
        String csrPem,
        int validityDays,
        DcvMethod dcvMethod,
        String dcvEmailAddress,
        String uniqueValue) {

    /** A reissue without a DCV choice of its own: the CA client's configured method, no uniqueValue. */
    public CaReissueRequest(
            String orderId,
            String caOrderNumber,
            ValidationType validation,
            String commonName,
            List<String> subjectAlternativeNames,
            String csrPem,
            int validityDays) {
        this(
                orderId,
                caOrderNumber,
                validation,
                commonName,
                subjectAlternativeNames,
                csrPem,
                validityDays,
                null,
                null,
                null);
    }
}
