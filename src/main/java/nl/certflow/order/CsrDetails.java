package nl.certflow.order;

import java.util.List;

/**
 * What a verified CSR asks for. {@code commonName} is null when the subject has none, {@code dnsNames} are the
 * SAN dNSName entries in CSR order, {@code keyAlgorithm} is "RSA" or "EC", {@code keySize} the modulus bits or
 * the EC field size.
 */
public record CsrDetails(String commonName, List<String> dnsNames, String keyAlgorithm, int keySize) {

    public CsrDetails {
        dnsNames = List.copyOf(dnsNames);
    }
}
