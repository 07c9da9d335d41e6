package nl.certflow.ca;

import java.util.List;
import nl.certflow.order.DcvMethod;

/**
 * A change of an order's DCV method at the CA (Sectigo AutoUpdateDCV): every domain of the order (common name first,
 * then each SAN) gets {@code method}; {@code approverEmail} only with {@link DcvMethod#EMAIL}.
 */
public record CaDcvChange(String caOrderNumber, List<String> domains, DcvMethod method, String approverEmail) {

    public CaDcvChange {
        domains = domains == null ? List.of() : List.copyOf(domains);
    }
}
