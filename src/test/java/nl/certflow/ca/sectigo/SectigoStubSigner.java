package nl.certflow.ca.sectigo;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** The stub CA's key: issues real X.509 certificates for the CSR's key, under a throw-away intermediate. */
final class SectigoStubSigner {

    record Issued(BigInteger serial, Instant notBefore, Instant notAfter, String pem) {}

    private static final X500Name CA_NAME = new X500Name("CN=Sectigo Stub RSA Domain Validation CA,O=certflow tests");

    private final SecureRandom random = new SecureRandom();
    private final ContentSigner signer;
    private final String caCertificatePem;

    SectigoStubSigner() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair key = generator.generateKeyPair();
            signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate());
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            X509CertificateHolder ca = new JcaX509v3CertificateBuilder(
                            CA_NAME,
                            BigInteger.ONE,
                            Date.from(now.minus(Duration.ofDays(1))),
                            Date.from(now.plus(Duration.ofDays(3650))),
                            CA_NAME,
                            key.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .build(signer);
            caCertificatePem = pem(ca);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("Cannot create the stub CA", e);
        }
    }

    String caCertificatePem() {
        return caCertificatePem;
    }

    /** A certificate for the CSR's key and common name, valid {@code days} from now. */
    Issued sign(String csrPem, int days) {
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            PKCS10CertificationRequest csr = (PKCS10CertificationRequest) parser.readObject();
            String commonName = IETFUtils.valueToString(
                    csr.getSubject().getRDNs(BCStyle.CN)[0].getFirst().getValue());
            Instant notBefore = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant notAfter = notBefore.plus(Duration.ofDays(days));
            BigInteger serial = new BigInteger(128, random).setBit(127);
            X509CertificateHolder leaf = new X509v3CertificateBuilder(
                            CA_NAME,
                            serial,
                            Date.from(notBefore),
                            Date.from(notAfter),
                            new X500Name("CN=" + commonName),
                            csr.getSubjectPublicKeyInfo())
                    .addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(new GeneralName(GeneralName.dNSName, commonName)))
                    .build(signer);
            return new Issued(serial, notBefore, notAfter, pem(leaf));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
