package nl.certflow.ca;

import java.util.List;
import nl.certflow.order.Company;
import nl.certflow.order.Requester;
import nl.certflow.order.ValidationType;

/** What the CA needs to place an order. {@code company} is null for DV. */
public record CaOrderRequest(
        String orderId,
        ValidationType validation,
        String commonName,
        List<String> subjectAlternativeNames,
        String csrPem,
        int validityDays,
        Requester requester,
        Company company) {}
