package nl.certflow.ca;

import java.util.Map;
import nl.certflow.order.DcvStatus;

/**
 * The answer of a collect: the CA's state, its own words, the certificate once issued (else null), and what the CA
 * says of each domain's validation (empty when it says nothing).
 */
public record CaStatus(CaState state, String detail, IssuedCertificate certificate, Map<String, DcvStatus> dcv) {

    public CaStatus(CaState state, String detail, IssuedCertificate certificate) {
        this(state, detail, certificate, Map.of());
    }

    public CaStatus {
        dcv = dcv == null ? Map.of() : Map.copyOf(dcv);
    }
}
