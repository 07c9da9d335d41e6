package nl.certflow.ca.simulator;

import java.io.IOException;
import java.math.BigInteger;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import nl.certflow.ca.CaRefusedException;
import nl.certflow.ca.IssuedCertificate;
import nl.certflow.order.DnsNames;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The in-process simulated CA's signing key. The key and self-signed CA certificate live in {@code cf_simulator_ca}
 * so that every node, and every restart, issues under the same CA; the first node to need them creates them.
 */
@Component
public class SimulatedCaSigner {

    private static final int CA_ROW_ID = 1;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile SimulatedCaKey ca;

    public SimulatedCaSigner(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Issues a server certificate for the CSR's public key. The SANs are the common name plus the given names,
     * lower-cased and each once. Refuses (CaRefusedException) a CSR that cannot be read or whose signature fails,
     * and names that are not valid DNS names.
     */
    public IssuedCertificate sign(
            String csrPem, String commonName, List<String> subjectAlternativeNames, Duration validity) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, got " + validity);
        }
        SubjectPublicKeyInfo publicKey = verifiedPublicKey(csrPem);
        List<String> dnsNames = dnsNames(commonName, subjectAlternativeNames);
        SimulatedCaKey ca = ca();
        Instant notBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = notBefore.plus(validity);
        BigInteger serial = serialNumber();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509CertificateHolder leaf = new X509v3CertificateBuilder(
                            ca.certificate().getSubject(),
                            serial,
                            Date.from(notBefore),
                            Date.from(notAfter),
                            new X500NameBuilder(BCStyle.INSTANCE)
                                    .addRDN(BCStyle.CN, commonName)
                                    .build(),
                            publicKey)
                    .addExtension(Extension.subjectAlternativeName, false, generalNames(dnsNames))
                    .addExtension(
                            Extension.keyUsage,
                            true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    // Key identifier only, computed like the CA certificate's own subject key identifier.
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions.createAuthorityKeyIdentifier(
                                    ca.certificate().getSubjectPublicKeyInfo()))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey))
                    .build(ca.signer());
            return new IssuedCertificate(
                    serial.toString(16).toUpperCase(Locale.ROOT),
                    notBefore,
                    notAfter,
                    Pem.write(leaf),
                    ca.certificatePem());
        } catch (NoSuchAlgorithmException | CertIOException e) {
            throw new IllegalStateException("Cannot build the certificate", e);
        }
    }

    public String caCertificatePem() {
        return ca().certificatePem();
    }

    private SimulatedCaKey ca() {
        SimulatedCaKey loaded = ca;
        if (loaded == null) {
            synchronized (this) {
                loaded = ca;
                if (loaded == null) {
                    loaded = storedCa().orElseGet(this::createCa);
                    ca = loaded;
                }
            }
        }
        return loaded;
    }

    private Optional<SimulatedCaKey> storedCa() {
        return jdbc
                .query(
                        "SELECT key_pem, cert_pem FROM cf_simulator_ca WHERE id = ?",
                        (row, n) -> SimulatedCaKey.fromPem(row.getString("key_pem"), row.getString("cert_pem")),
                        CA_ROW_ID)
                .stream()
                .findFirst();
    }

    private SimulatedCaKey createCa() {
        SimulatedCaKey created = SimulatedCaKey.generate(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        try {
            jdbc.update(
                    "INSERT INTO cf_simulator_ca (id, key_pem, cert_pem) VALUES (?, ?, ?)",
                    CA_ROW_ID,
                    created.keyPem(),
                    created.certificatePem());
            return created;
        } catch (DuplicateKeyException anotherNodeWasFirst) {
            return storedCa().orElseThrow(() -> anotherNodeWasFirst);
        }
    }

    private static SubjectPublicKeyInfo verifiedPublicKey(String csrPem) {
        if (!(readPem(csrPem) instanceof PKCS10CertificationRequest csr)) {
            throw new CaRefusedException("The CSR cannot be read");
        }
        boolean valid;
        try {
            valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .setProvider(SimulatedCaKey.BOUNCY_CASTLE)
                    .build(csr.getSubjectPublicKeyInfo()));
        } catch (Exception e) {
            valid = false;
        }
        if (!valid) {
            throw new CaRefusedException("The CSR's signature does not verify");
        }
        return csr.getSubjectPublicKeyInfo();
    }

    private static Object readPem(String pem) {
        try {
            return pem == null ? null : Pem.read(pem);
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    private static List<String> dnsNames(String commonName, List<String> subjectAlternativeNames) {
        List<String> names = Stream.concat(
                        Stream.of(commonName),
                        subjectAlternativeNames == null ? Stream.empty() : subjectAlternativeNames.stream())
                .toList();
        for (String name : names) {
            if (!DnsNames.isValid(name)) {
                throw new CaRefusedException("Not a valid DNS name: " + name);
            }
        }
        return names.stream().map(DnsNames::normalize).distinct().toList();
    }

    private static GeneralNames generalNames(List<String> dnsNames) {
        return new GeneralNames(dnsNames.stream()
                .map(name -> new GeneralName(GeneralName.dNSName, name))
                .toArray(GeneralName[]::new));
    }

    /** 128 bits with the top one set: positive, never zero, and always 32 hex digits. */
    private BigInteger serialNumber() {
        return new BigInteger(128, random).setBit(127);
    }
}
