package nl.certflow.ca;

import java.time.Instant;

/** A certificate as issued by the CA; PEMs are X.509, the chain may be null. */
public record IssuedCertificate(
        String serialNumber, Instant notBefore, Instant notAfter, String pem, String chainPem) {}
