package nl.certflow.ca;

/** The answer of a collect: the CA's state, its own words, and the certificate once issued (else null). */
public record CaStatus(CaState state, String detail, IssuedCertificate certificate) {}
