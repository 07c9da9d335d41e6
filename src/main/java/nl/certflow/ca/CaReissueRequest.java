package nl.certflow.ca;

import java.util.List;
import nl.certflow.order.ValidationType;

/** A replacement certificate for an issued order (Sectigo AutoReplaceSSL): the CSR to certify and its validity. */
public record CaReissueRequest(
        String orderId,
        String caOrderNumber,
        ValidationType validation,
        String commonName,
        List<String> subjectAlternativeNames,
        String csrPem,
        int validityDays) {}
